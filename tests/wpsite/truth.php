<?php
/**
 * Prints the ground truth of the test site as JSON, read back from its database through the
 * WordPress APIs (called by server.py; the result is WordPressSite.truth):
 *   php truth.php DOCROOT
 *
 * {
 *   "site":     {name, description, home, timezone, language, permalink_structure, theme,
 *                rest_enabled, comments_per_page, default_comments_page, comment_order,
 *                thread_comments, thread_comments_depth, posts_per_page, date_format, time_format},
 *   "posts":    every published post (post_type 'post'), oldest first,
 *   "pages":    every published page, same fields,
 *   "comments": every APPROVED comment, pingback and trackback of the published posts and pages
 *               that a visitor can see (so not those of password-protected posts), oldest first,
 *   "authors", "categories", "tags": the people and terms (id, name, slug),
 *   "hidden_posts", "hidden_comments": what exists but must never be crawled,
 *   "hidden_markers": the HIDDEN-...-MARKER words found in them (grep a crawl for these)
 * }
 *
 * Post fields: id, type, slug, permalink, title (as stored), title_rendered (as the theme and
 * REST API show it: texturized, "Protected: " prefix), date / date_gmt / modified / modified_gmt
 * ('Y-m-d H:i:s', local and UTC), date_iso / modified_iso (local with offset), author (display
 * name), author_id, categories, tags (names, in WordPress's name order), category_ids, tag_ids,
 * comment_status, ping_status, password_protected, content (as stored; null when protected),
 * comment_count (visible approved comments, all types), top_level_comments, comment_pages (pages at
 * comments_per_page, threaded, all types; 1 when there are none).
 *
 * Comment fields: id, post_id, parent (0 = top level), depth (1 = top level), author, author_url,
 * user_id, by_post_author, date / date_gmt / date_iso, type ('comment', 'pingback',
 * 'trackback'), content (as stored), page (its comment page), link (get_comment_link()).
 */
require __DIR__ . '/_boot.php';

$tz = wp_timezone();

function sba_iso( $gmt, $tz ) {
	if ( ! $gmt || '0000-00-00 00:00:00' === $gmt ) {
		return null;
	}
	$d = new DateTime( $gmt, new DateTimeZone( 'UTC' ) );
	return $d->setTimezone( $tz )->format( 'c' );
}

function sba_terms( $post, $tax ) {
	$terms = get_the_terms( $post, $tax );
	return is_array( $terms ) ? $terms : array();
}

$per_page = (int) get_option( 'comments_per_page' );
$threaded = (bool) get_option( 'thread_comments' );

$out = array(
	'site'            => array(
		'name'                  => get_option( 'blogname' ),
		'description'           => get_option( 'blogdescription' ),
		'home'                  => home_url( '/' ),
		'timezone'              => wp_timezone_string(),
		'language'              => get_bloginfo( 'language' ),
		'permalink_structure'   => get_option( 'permalink_structure' ),
		'theme'                 => get_option( 'stylesheet' ),
		'rest_enabled'          => ! file_exists( WP_CONTENT_DIR . '/sba-rest-disabled' ),
		'posts_per_page'        => (int) get_option( 'posts_per_page' ),
		'comments_per_page'     => $per_page,
		'page_comments'         => (bool) get_option( 'page_comments' ),
		'default_comments_page' => get_option( 'default_comments_page' ),
		'comment_order'         => get_option( 'comment_order' ),
		'thread_comments'       => $threaded,
		'thread_comments_depth' => (int) get_option( 'thread_comments_depth' ),
		'date_format'           => get_option( 'date_format' ),
		'time_format'           => get_option( 'time_format' ),
		'wordpress_version'     => get_bloginfo( 'version' ),
	),
	'posts'           => array(),
	'pages'           => array(),
	'comments'        => array(),
	'authors'         => array(),
	'categories'      => array(),
	'tags'            => array(),
	'hidden_posts'    => array(),
	'hidden_comments' => array(),
	'hidden_markers'  => array(),
);

$hidden_text = array();

$published = get_posts(
	array(
		'post_type'        => array( 'post', 'page' ),
		'post_status'      => 'publish',
		'numberposts'      => -1,
		'orderby'          => array( 'date' => 'ASC', 'ID' => 'ASC' ),
		'suppress_filters' => true,
	)
);
$author_ids = array();
foreach ( $published as $p ) {
	$protected = '' !== $p->post_password;
	$cats      = sba_terms( $p, 'category' );
	$tags      = sba_terms( $p, 'post_tag' );
	$comments  = get_comments(
		array(
			'post_id' => $p->ID,
			'status'  => 'approve',
			'orderby' => array( 'comment_date_gmt' => 'ASC', 'comment_ID' => 'ASC' ),
		)
	);
	if ( $protected ) {
		$hidden_text[] = $p->post_content;
		foreach ( $comments as $c ) {
			$out['hidden_comments'][] = array( 'id' => (int) $c->comment_ID, 'post_id' => (int) $p->ID, 'status' => 'approved, on a password-protected post' );
			$hidden_text[]            = $c->comment_content;
		}
		$comments = array();
	}
	$depths = array();
	$top    = 0;
	foreach ( $comments as $c ) {
		$parent                     = (int) $c->comment_parent;
		$depths[ $c->comment_ID ] = $parent && isset( $depths[ $parent ] ) ? $depths[ $parent ] + 1 : 1;
		if ( ! $parent ) {
			++$top;
		}
		$out['comments'][] = array(
			'id'             => (int) $c->comment_ID,
			'post_id'        => (int) $c->comment_post_ID,
			'parent'         => $parent,
			'depth'          => $depths[ $c->comment_ID ],
			'author'         => $c->comment_author,
			'author_url'     => $c->comment_author_url,
			'user_id'        => (int) $c->user_id,
			'by_post_author' => $c->user_id && (int) $c->user_id === (int) $p->post_author,
			'date'           => $c->comment_date,
			'date_gmt'       => $c->comment_date_gmt,
			'date_iso'       => sba_iso( $c->comment_date_gmt, $tz ),
			'type'           => $c->comment_type ? $c->comment_type : 'comment',
			'content'        => $c->comment_content,
			'page'           => (int) get_page_of_comment( $c->comment_ID, array( 'per_page' => $per_page ) ),
			'link'           => get_comment_link( $c ),
		);
	}
	$author_ids[ (int) $p->post_author ] = true;
	$entry                               = array(
		'id'                 => (int) $p->ID,
		'type'               => $p->post_type,
		'slug'               => $p->post_name,
		'permalink'          => get_permalink( $p ),
		'title'              => $p->post_title,
		'title_rendered'     => get_the_title( $p ),
		'date'               => $p->post_date,
		'date_gmt'           => $p->post_date_gmt,
		'date_iso'           => sba_iso( $p->post_date_gmt, $tz ),
		'modified'           => $p->post_modified,
		'modified_gmt'       => $p->post_modified_gmt,
		'modified_iso'       => sba_iso( $p->post_modified_gmt, $tz ),
		'author'             => get_the_author_meta( 'display_name', $p->post_author ),
		'author_id'          => (int) $p->post_author,
		'categories'         => wp_list_pluck( $cats, 'name' ),
		'tags'               => wp_list_pluck( $tags, 'name' ),
		'category_ids'       => array_map( 'intval', wp_list_pluck( $cats, 'term_id' ) ),
		'tag_ids'            => array_map( 'intval', wp_list_pluck( $tags, 'term_id' ) ),
		'comment_status'     => $p->comment_status,
		'ping_status'        => $p->ping_status,
		'password_protected' => $protected,
		'content'            => $protected ? null : $p->post_content,
		'comment_count'      => count( $comments ),
		'top_level_comments' => $top,
		'comment_pages'      => max( 1, (int) get_comment_pages_count( $comments, $per_page, $threaded ) ),
	);
	if ( 'page' === $p->post_type ) {
		$out['pages'][] = $entry;
	} else {
		$out['posts'][] = $entry;
	}
}

foreach ( array_keys( $author_ids ) as $uid ) {
	$u                = get_userdata( $uid );
	$out['authors'][] = array(
		'id'           => $uid,
		'display_name' => $u->display_name,
		'slug'         => $u->user_nicename,
		'url'          => get_author_posts_url( $uid ),
	);
}
foreach ( array( 'category' => 'categories', 'post_tag' => 'tags' ) as $tax => $key ) {
	foreach ( get_terms( array( 'taxonomy' => $tax, 'hide_empty' => false, 'orderby' => 'term_id' ) ) as $t ) {
		$out[ $key ][] = array(
			'id'    => (int) $t->term_id,
			'name'  => $t->name,
			'slug'  => $t->slug,
			'count' => (int) $t->count,
		);
	}
}

// Everything that is not public: other statuses of posts, unapproved comments of any post.
$others = get_posts(
	array(
		'post_type'        => array( 'post', 'page' ),
		'post_status'      => array( 'draft', 'pending', 'private', 'future', 'trash', 'auto-draft' ),
		'numberposts'      => -1,
		'orderby'          => 'ID',
		'order'            => 'ASC',
		'suppress_filters' => true,
	)
);
foreach ( $others as $p ) {
	$out['hidden_posts'][] = array(
		'id'     => (int) $p->ID,
		'status' => $p->post_status,
		'title'  => $p->post_title,
		'url'    => add_query_arg( 'p', $p->ID, home_url( '/' ) ),
	);
	$hidden_text[]         = $p->post_title . ' ' . $p->post_content;
}
global $wpdb;
$unapproved = $wpdb->get_results( "SELECT comment_ID, comment_post_ID, comment_approved, comment_content FROM {$wpdb->comments} WHERE comment_approved <> '1' ORDER BY comment_ID" );
foreach ( $unapproved as $c ) {
	$out['hidden_comments'][] = array(
		'id'      => (int) $c->comment_ID,
		'post_id' => (int) $c->comment_post_ID,
		'status'  => '0' === $c->comment_approved ? 'pending' : $c->comment_approved,
	);
	$hidden_text[]            = $c->comment_content;
}
// Approved comments of posts that are not public are hidden too.
$public_ids = wp_list_pluck( $published, 'ID' );
$orphans    = get_comments( array( 'status' => 'approve', 'post__not_in' => $public_ids ? $public_ids : array( 0 ) ) );
foreach ( $orphans as $c ) {
	$out['hidden_comments'][] = array( 'id' => (int) $c->comment_ID, 'post_id' => (int) $c->comment_post_ID, 'status' => 'approved, on a post that is not public' );
	$hidden_text[]            = $c->comment_content;
}

$markers = array();
foreach ( $hidden_text as $text ) {
	if ( preg_match_all( '/HIDDEN-[A-Z0-9-]*?MARKER/', $text, $m ) ) {
		foreach ( $m[0] as $word ) {
			$markers[ $word ] = true;
		}
	}
}
$out['hidden_markers'] = array_keys( $markers );
sort( $out['hidden_markers'] );

echo wp_json_encode( $out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES ), "\n";
