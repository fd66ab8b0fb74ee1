<?php
/**
 * Installs and seeds the WordPress test site (called by server.py):
 *   php seed.php DOCROOT [THEME] [PERMALINK_STRUCTURE]
 *
 * The blog of "Millbrook Community Trust", a fictional UK charity, written for this project.
 * What it holds, and why:
 *
 * - 14 published posts, 2008-2015, by two authors (Siân Griffiths, Tom Okafor), in the site
 *   timezone Europe/London: some in BST months (UTC+1), some in GMT months (UTC+0), two on the
 *   days the clocks changed (30 March 2014, 26 October 2014); one post modified after publication.
 * - Categories and tags, some non-ASCII ('Cymraeg', 'Grüße'); Welsh, German and emoji text.
 * - Comments: posts with none, flat ones, threads with a reply chain 5 deep, a post with 11
 *   top-level threads (4 comment pages at 3 per page; 'newest' page first, so the bare post URL
 *   shows the LAST page), a pingback and a trackback, comments with author URLs, replies by the
 *   post author (a registered user), comments closed on the oldest post (its comments still show).
 * - One static page ("About the Trust") with a comment.
 * - Content that must NEVER appear in a crawl, each carrying a marker word HIDDEN-...-MARKER:
 *   a draft, a pending-review post, a private post, a scheduled (future) post, a trashed post,
 *   and pending (unapproved), spam and trashed comments on a public post.
 * - A password-protected post: WordPress publishes it (it is listed, in the REST API too, with
 *   its title prefixed "Protected: ") but shows a password form instead of its body and hides
 *   its comments, on pages and in the REST API alike. So it IS in the truth's posts (with
 *   password_protected=true), its body marker HIDDEN-PASSWORD-MARKER and the marker in its one
 *   approved comment HIDDEN-PASSWORD-COMMENT-MARKER must never appear, and its comments are not
 *   in the truth's comments (truth.php lists them under hidden_comments).
 */

define( 'WP_INSTALLING', true );
require __DIR__ . '/_boot.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/user.php';
require_once ABSPATH . 'wp-admin/includes/post.php';

$sba_theme      = isset( $sba_args[0] ) && '' !== $sba_args[0] ? $sba_args[0] : 'twentytwentyone';
$sba_permalinks = isset( $sba_args[1] ) ? $sba_args[1] : '/%year%/%monthnum%/%postname%/';

// No HTTP at all while seeding (wp_install tests pretty permalinks with a loopback request).
add_filter(
	'pre_http_request',
	static function () {
		return new WP_Error( 'http_request_blocked', 'No HTTP while seeding.' );
	},
	1
);

if ( is_blog_installed() ) {
	fwrite( STDERR, "WordPress is already installed in this database\n" );
	exit( 1 );
}

$result = wp_install( 'Millbrook Community Trust', 'trustadmin', 'admin@millbrook-trust.example.org', true, '', 'correct-horse-' . wp_generate_password( 12, false ) );
$admin  = (int) $result['user_id'];
wp_set_current_user( $admin );
kses_remove_filters(); // Seed markup exactly as written (an administrator has unfiltered_html).

// The defaults wp_install() creates: "Hello world!", its comment, "Sample Page", the privacy draft.
foreach ( get_posts( array( 'post_type' => array( 'post', 'page' ), 'post_status' => 'any', 'numberposts' => -1 ) ) as $p ) {
	wp_delete_post( $p->ID, true );
}
update_option( 'wp_page_for_privacy_policy', 0 );
wp_update_term( 1, 'category', array( 'name' => 'News', 'slug' => 'news' ) ); // The default category.

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------
$options = array(
	'blogdescription'             => 'News and notes from a small charity by the Mill Brook',
	'timezone_string'             => 'Europe/London',
	'gmt_offset'                  => '',
	'date_format'                 => 'j F Y',
	'time_format'                 => 'H:i',
	'start_of_week'               => 1,
	'posts_per_page'              => 10,
	'default_comment_status'      => 'open',
	'default_ping_status'         => 'open',
	'default_pingback_flag'       => 0,
	'require_name_email'          => 1,
	'comment_registration'        => 0,
	'close_comments_for_old_posts' => 0,
	'comment_moderation'          => 0,
	'comment_previously_approved' => 0,
	'thread_comments'             => 1,
	'thread_comments_depth'       => 10,
	'page_comments'               => 1,
	'comments_per_page'           => 3,
	'default_comments_page'       => 'newest',
	'comment_order'               => 'asc',
	'show_avatars'                => 1,
	'blog_public'                 => 1,
	'users_can_register'          => 0,
);
foreach ( $options as $name => $value ) {
	update_option( $name, $value );
}
global $wp_rewrite;
$wp_rewrite->set_permalink_structure( $sba_permalinks );
delete_option( 'rewrite_rules' ); // Rebuilt by the first web request.
switch_theme( $sba_theme );

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------
wp_update_user( array( 'ID' => $admin, 'display_name' => 'Trust Office', 'nickname' => 'Trust Office' ) );
$authors = array();
foreach ( array(
	'sian' => array( 'Siân', 'Griffiths', 'sian@millbrook-trust.example.org' ),
	'tom'  => array( 'Tom', 'Okafor', 'tom@millbrook-trust.example.org' ),
) as $login => $who ) {
	$id = wp_insert_user(
		array(
			'user_login'   => $login,
			'user_pass'    => wp_generate_password( 20 ),
			'user_email'   => $who[2],
			'first_name'   => $who[0],
			'last_name'    => $who[1],
			'display_name' => $who[0] . ' ' . $who[1],
			'nickname'     => $who[0],
			'role'         => 'author',
		)
	);
	if ( is_wp_error( $id ) ) {
		fwrite( STDERR, $id->get_error_message() . "\n" );
		exit( 1 );
	}
	$authors[ $login ] = $id;
}

// ---------------------------------------------------------------------------------------------
// Categories (tags are created by name when posts are inserted)
// ---------------------------------------------------------------------------------------------
$cats = array( 'news' => 1 );
foreach ( array(
	'projects'     => 'Projects',
	'fundraising'  => 'Fundraising',
	'volunteering' => 'Volunteering',
	'policy'       => 'Policy',
	'partnerships' => 'Partnerships',
	'cymraeg'      => 'Cymraeg',
) as $slug => $name ) {
	$t             = wp_insert_term( $name, 'category', array( 'slug' => $slug ) );
	$cats[ $slug ] = (int) $t['term_id'];
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
function sba_p( ...$paras ) {
	return implode( "\n\n", $paras );
}

function sba_blocks( ...$paras ) {
	$out = array();
	foreach ( $paras as $p ) {
		$out[] = "<!-- wp:paragraph -->\n<p>$p</p>\n<!-- /wp:paragraph -->";
	}
	return implode( "\n\n", $out );
}

function sba_post( $args ) {
	global $authors, $cats;
	$postarr = array(
		'post_type'      => isset( $args['type'] ) ? $args['type'] : 'post',
		'post_title'     => $args['title'],
		'post_name'      => isset( $args['slug'] ) ? $args['slug'] : '',
		'post_content'   => $args['content'],
		'post_excerpt'   => isset( $args['excerpt'] ) ? $args['excerpt'] : '',
		'post_status'    => isset( $args['status'] ) ? $args['status'] : 'publish',
		'post_author'    => $authors[ $args['author'] ],
		'post_date'      => $args['date'],
		'post_password'  => isset( $args['password'] ) ? $args['password'] : '',
		'comment_status' => 'open',
		'ping_status'    => 'open',
		'post_category'  => array_map(
			static function ( $c ) use ( $cats ) {
				return $cats[ $c ];
			},
			isset( $args['cats'] ) ? $args['cats'] : array( 'news' )
		),
		'tags_input'     => isset( $args['tags'] ) ? $args['tags'] : array(),
	);
	$id = wp_insert_post( wp_slash( $postarr ), true );
	if ( is_wp_error( $id ) ) {
		fwrite( STDERR, "post {$args['title']}: " . $id->get_error_message() . "\n" );
		exit( 1 );
	}
	return $id;
}

/**
 * Inserts a comment. $c: [local date, author, text] plus optional keys parent, url, email,
 * status (1, 0, 'spam', 'trash'), type ('comment', 'pingback', 'trackback'), user (login).
 */
function sba_comment( $post_id, $c ) {
	global $authors;
	$user_id = 0;
	$author  = $c[1];
	$email   = isset( $c['email'] ) ? $c['email'] : sanitize_title( $author ) . '@mail.example.net';
	if ( isset( $c['user'] ) ) {
		$user_id = $authors[ $c['user'] ];
		$u       = get_userdata( $user_id );
		$author  = $u->display_name;
		$email   = $u->user_email;
	}
	$type   = isset( $c['type'] ) ? $c['type'] : 'comment';
	$status = isset( $c['status'] ) ? $c['status'] : 1;
	$id     = wp_insert_comment(
		wp_slash(
			array(
				'comment_post_ID'      => $post_id,
				'comment_author'       => $author,
				'comment_author_email' => 'comment' === $type ? $email : '',
				'comment_author_url'   => isset( $c['url'] ) ? $c['url'] : '',
				'comment_author_IP'    => '127.0.0.1',
				'comment_agent'        => 'sba-seed',
				'comment_content'      => $c[2],
				'comment_date'         => $c[0],
				'comment_date_gmt'     => get_gmt_from_date( $c[0] ),
				'comment_approved'     => $status,
				'comment_parent'       => isset( $c['parent'] ) ? $c['parent'] : 0,
				'comment_type'         => $type,
				'user_id'              => $user_id,
			)
		)
	);
	if ( ! $id ) {
		fwrite( STDERR, "comment on $post_id failed\n" );
		exit( 1 );
	}
	if ( 'trash' === $status ) {
		add_comment_meta( $id, '_wp_trash_meta_status', '1' );
		add_comment_meta( $id, '_wp_trash_meta_time', time() );
	}
	return $id;
}

// ---------------------------------------------------------------------------------------------
// Posts and their comments (dates are local, Europe/London)
// ---------------------------------------------------------------------------------------------

// 1. March 2008 (GMT). Comments closed later; its two comments still show.
$welcome = sba_post(
	array(
		'title'   => 'Welcome to our new blog',
		'slug'    => 'welcome-to-our-new-blog',
		'author'  => 'tom',
		'date'    => '2008-03-14 10:05:00',
		'cats'    => array( 'news' ),
		'tags'    => array( 'launch' ),
		'content' => sba_p(
			'After years of photocopied newsletters pinned to the community centre noticeboard, Millbrook Community Trust finally has a blog.',
			'We will use it to share what our projects are doing, what we are learning and where we need help. Staff, trustees and volunteers will all write here from time to time.',
			'If there is something you would like us to cover, tell us in the comments or drop in to the office on Weir Lane.'
		),
	)
);
sba_comment( $welcome, array( '2008-03-14 12:40:00', 'Maureen Balls', 'About time too! Looking forward to reading about the lunch club.' ) );
sba_comment( $welcome, array( '2008-03-16 20:02:00', 'Dev Patel', 'Good luck with it. Will you post the minibus timetable here as well?', 'url' => 'http://devpatel.example.net/' ) );

// 2. July 2008 (BST). No comments.
sba_post(
	array(
		'title'   => 'Summer play scheme opens its doors',
		'slug'    => 'summer-play-scheme-opens',
		'author'  => 'sian',
		'date'    => '2008-07-21 14:30:00',
		'cats'    => array( 'projects' ),
		'tags'    => array( 'children', 'summer' ),
		'content' => sba_p(
			'Forty-two children came through the door on the first morning of the play scheme, which is more than we had places for, so thank you to the parents who waited patiently while we found extra chairs.',
			'The scheme runs Monday to Thursday until the end of August. Lunch is provided and there is no charge for families referred by the school.'
		),
	)
);

// 3. January 2009 (GMT). Flat comments, one with an author URL.
$gifts = sba_post(
	array(
		'title'   => 'Why we are asking for regular gifts',
		'slug'    => 'why-regular-gifts',
		'author'  => 'tom',
		'date'    => '2009-01-20 09:15:00',
		'cats'    => array( 'fundraising' ),
		'tags'    => array( 'donations', 'planning' ),
		'content' => sba_p(
			'One-off donations are wonderful, but they are hard to plan around. A gift of five pounds a month lets us promise a family that the homework club will still be open in September.',
			'This year we want to reach two hundred regular supporters. We are a third of the way there.'
		),
	)
);
sba_comment( $gifts, array( '2009-01-20 11:02:00', 'Jenny Ashworth', 'Set mine up this morning. Small amounts add up!' ) );
sba_comment( $gifts, array( '2009-01-21 18:47:00', 'Colin Firth-Hughes', 'Could you say a little about how much goes on administration? Happy to give but I like to know.', 'url' => 'http://colins-allotment.example.net/blog/' ) );
sba_comment( $gifts, array( '2009-01-23 08:30:00', 'Aisha Rahman', 'Our church group is going to do a collection for you in February.' ) );

// 4. August 2009 (BST). Threads, with a reply chain five deep.
$volunteers = sba_post(
	array(
		'title'   => "Volunteers' week: thank you",
		'slug'    => 'volunteers-week-thank-you',
		'author'  => 'sian',
		'date'    => '2009-08-11 18:45:00',
		'cats'    => array( 'volunteering' ),
		'tags'    => array( 'volunteers', 'thanks' ),
		'content' => sba_p(
			'Last year our volunteers gave just over eleven thousand hours. That is the equivalent of six full-time staff we could never afford.',
			'To everyone who drove the minibus, sorted donations, answered the phone or sat with someone who needed company: <strong>thank you</strong>.'
		),
	)
);
$v1 = sba_comment( $volunteers, array( '2009-08-11 19:30:00', 'Gwen Roberts', 'It has been a pleasure. The Tuesday drivers are a great team.' ) );
$v2 = sba_comment( $volunteers, array( '2009-08-11 21:12:00', 'Siân Griffiths', 'Thank you Gwen, the Tuesday rota would fall apart without you.', 'parent' => $v1, 'user' => 'sian' ) );
$v3 = sba_comment( $volunteers, array( '2009-08-12 07:55:00', 'Gwen Roberts', 'Ha! It very nearly did in June when the minibus broke down.', 'parent' => $v2 ) );
$v4 = sba_comment( $volunteers, array( '2009-08-12 10:20:00', 'Pete Lomax', 'I remember that day. We pushed it all the way to the garage on Mill Street.', 'parent' => $v3 ) );
$v5 = sba_comment( $volunteers, array( '2009-08-12 13:41:00', 'Gwen Roberts', 'And the garage gave us the repair for free when they heard what it was for.', 'parent' => $v4 ) );
sba_comment( $volunteers, array( '2009-08-13 09:00:00', 'Siân Griffiths', 'We must write that story up properly one day.', 'parent' => $v5, 'user' => 'sian' ) );
$v7 = sba_comment( $volunteers, array( '2009-08-12 16:05:00', 'Harriet Cole', 'How do I sign up? I have a free afternoon most weeks.', 'url' => 'https://harrietcole.example.net' ) );
sba_comment( $volunteers, array( '2009-08-12 17:30:00', 'Siân Griffiths', 'Hi Harriet, just pop into the office or ring us and ask for me.', 'parent' => $v7, 'user' => 'sian' ) );

// 5. February 2010 (GMT). Welsh text, non-ASCII category and tag.
$croeso = sba_post(
	array(
		'title'   => 'Croeso! Our first Welsh-language sessions',
		'slug'    => 'croeso-welsh-sessions',
		'author'  => 'sian',
		'date'    => '2010-02-03 11:00:00',
		'cats'    => array( 'projects', 'cymraeg' ),
		'tags'    => array( 'Cymraeg', 'iaith' ),
		'content' => sba_p(
			'Croeso i bawb! This spring we are starting a weekly Welsh conversation café for learners of every level, from "bore da" to full fluency.',
			'Dewch am baned a sgwrs – come for a cuppa and a chat, Wednesdays at 10 in the small hall. Mae croeso cynnes i bawb.'
		),
	)
);
$c1 = sba_comment( $croeso, array( '2010-02-03 13:15:00', 'Eleri Wyn', 'Gwych! Bydda i yno ddydd Mercher. Diolch yn fawr am drefnu hyn.' ) );
sba_comment( $croeso, array( '2010-02-03 15:48:00', 'Siân Griffiths', 'Diolch Eleri – edrych ymlaen at dy weld di!', 'parent' => $c1, 'user' => 'sian' ) );
sba_comment( $croeso, array( '2010-02-04 09:10:00', 'Rhodri Llŷr', 'Will there be a beginners\' group? My Welsh stops at "ŵy" and "tŷ".' ) );

// 6. October 2010 (BST). German text, emoji.
$twin = sba_post(
	array(
		'title'   => 'Grüße from our twin town',
		'slug'    => 'grusse-from-our-twin-town',
		'author'  => 'tom',
		'date'    => '2010-10-05 08:00:00',
		'cats'    => array( 'partnerships' ),
		'tags'    => array( 'Grüße', 'twinning' ),
		'content' => sba_p(
			'Our friends at the Nachbarschaftshilfe in Mühlbach sent a parcel of letters for the lunch club this week, with a note: „Herzliche Grüße an alle in Millbrook!"',
			'Several members have already written back. Frau Schäfer, who is 91, wrote hers entirely in German and would not let anyone read it first.'
		),
	)
);
$t1 = sba_comment( $twin, array( '2010-10-05 10:30:00', 'Jürgen Weiß', 'Vielen Dank für die schönen Briefe! Wir freuen uns schon auf den Besuch im Frühling. Viele Grüße aus Mühlbach! 🇩🇪🤝🇬🇧', 'url' => 'http://nachbarschaft-muehlbach.example.de/' ) );
sba_comment( $twin, array( '2010-10-05 12:02:00', 'Tom Okafor', 'Danke, Jürgen! See you in April 😊', 'parent' => $t1, 'user' => 'tom' ) );

// 7. April 2011 (BST). Pingback, trackback, and a couple of comments.
$foodbank = sba_post(
	array(
		'title'   => 'Food bank referrals: what the numbers say',
		'slug'    => 'food-bank-referrals-numbers',
		'author'  => 'tom',
		'date'    => '2011-04-12 12:00:00',
		'cats'    => array( 'policy' ),
		'tags'    => array( 'food poverty', 'data' ),
		'content' => sba_p(
			'Between January and March we made 312 referrals to the Millbrook food bank, up from 190 in the same months last year.',
			'Most referrals followed a delay or a change in benefit payments. Very few were about debt alone. We have shared the figures, with no names, with the local advice network.',
			'<a href="http://advice-network.example.org/reports/2011-q1">The network\'s quarterly summary</a> has the wider picture.'
		),
	)
);
sba_comment( $foodbank, array( '2011-04-12 15:10:00', 'Harbour Food Network » Referrals are rising everywhere', '[&#8230;] Millbrook Community Trust has published its first-quarter figures, and they match what we are seeing on the coast [&#8230;]', 'type' => 'pingback', 'url' => 'http://harbourfood.example.org/2011/04/referrals-rising/' ) );
sba_comment( $foodbank, array( '2011-04-13 09:25:00', 'Policy Notes', "<strong>Local data matters</strong>\n\nSmall charities like Millbrook are often the first to see a change in demand. Their quarterly figures are worth a look.", 'type' => 'trackback', 'url' => 'http://policynotes.example.org/2011/04/13/local-data-matters/' ) );
sba_comment( $foodbank, array( '2011-04-13 19:44:00', 'Margaret Doyle', 'Thank you for publishing this. It is useful evidence for our councillor surgery next week.' ) );

// 8. November 2011 (GMT). Eleven top-level threads: 4 comment pages at 3 per page.
$youth = sba_post(
	array(
		'title'   => "Our response to the council's consultation on youth services",
		'slug'    => 'response-youth-services-consultation',
		'author'  => 'sian',
		'date'    => '2011-11-29 16:20:00',
		'cats'    => array( 'policy' ),
		'tags'    => array( 'consultation', 'youth' ),
		'content' => sba_p(
			'The council proposes to close two of the three youth centres in the borough and move to a "detached" model of youth work. We have submitted our response, which you can summarise in one line: the building is not the expensive part, the trust is.',
			'Young people told us they come to the Weir Lane centre because the same adults are there every week. A rota of outreach workers cannot replace that.',
			'The consultation closes on 16 January. Please add your own view below and we will pass the comments on.'
		),
	)
);
$yc = array(
	array( '2011-11-29 17:05:00', 'Kerry Mitchell', 'My son has gone to Weir Lane every Thursday for three years. It is the only place he talks to anyone outside the family.' ),
	array( '2011-11-29 19:40:00', 'Alan Cartwright', 'Has anyone costed the detached model? It sounds cheaper than it will turn out to be.', 'url' => 'http://alancartwright.example.net/' ),
	array( '2011-11-30 08:12:00', 'Priya Shah', 'I volunteer at the Eastfield centre, which is the one they propose to keep. We do not have room for everyone.' ),
	array( '2011-11-30 12:30:00', 'Dan Hughes', 'Signed and sent. Thanks for making it easy to respond.' ),
	array( '2011-12-02 21:15:00', 'Lorna Beattie', 'The consultation document does not say what happens to the sports hall. Does anyone know?' ),
	array( '2011-12-05 10:00:00', 'Marcus Reid', 'As a former youth worker: relationships take years to build and weeks to lose.' ),
	array( '2011-12-09 14:22:00', 'Fatima Noor', 'Would the trust consider running the building if the council let it go?' ),
	array( '2011-12-15 18:03:00', 'George Pinter', 'Wrote to my councillor as well. Got a reply within a day, which is a first.' ),
	array( '2012-01-04 09:47:00', 'Sandra Lee', 'Happy new year all. Reminder that the deadline is the 16th.' ),
	array( '2012-01-15 22:30:00', 'Owen Price', 'Last-minute response sent. Fingers crossed.' ),
	array( '2012-03-27 11:11:00', 'Kerry Mitchell', 'Update: the decision has been deferred to the summer. Thank you to everyone who wrote in.' ),
);
$yids = array();
foreach ( $yc as $c ) {
	$yids[] = sba_comment( $youth, $c );
}
sba_comment( $youth, array( '2011-11-30 09:02:00', 'Siân Griffiths', 'Thank you Alan, we have asked the council exactly that in our response.', 'parent' => $yids[1], 'user' => 'sian' ) );
$yr = sba_comment( $youth, array( '2011-12-09 16:40:00', 'Siân Griffiths', 'We are open to it, Fatima, but only with a proper transfer of running costs.', 'parent' => $yids[6], 'user' => 'sian' ) );
sba_comment( $youth, array( '2011-12-10 08:15:00', 'Fatima Noor', 'That seems fair. I would help with a community share offer.', 'parent' => $yr ) );
sba_comment( $youth, array( '2012-03-28 07:30:00', 'Dan Hughes', 'Great news, Kerry!', 'parent' => $yids[10] ) );

// 9. June 2012 (BST). Emoji and a flat thread.
$funrun = sba_post(
	array(
		'title'   => 'Midsummer fun run raises £4,200',
		'slug'    => 'midsummer-fun-run',
		'author'  => 'tom',
		'date'    => '2012-06-21 07:30:00',
		'cats'    => array( 'fundraising', 'news' ),
		'tags'    => array( 'events' ),
		'content' => sba_blocks(
			'Two hundred and six runners, walkers and one very determined dog took part in the midsummer fun run along the brook path on Saturday.',
			'Together you raised £4,200 for the lunch club minibus fund. The dog, Biscuit, raised £85 on his own. 🐕'
		),
	)
);
sba_comment( $funrun, array( '2012-06-21 09:14:00', 'Biscuit\'s owner', 'He slept for two days afterwards 😂 Thanks for organising!' ) );
sba_comment( $funrun, array( '2012-06-22 13:00:00', 'Ruth Ogunleye', 'Brilliant morning. Same time next year? 🏃‍♀️🎉' ) );

// 10. December 2013 (GMT). Approved thread plus pending, spam and trashed comments (never shown).
$warmth = sba_post(
	array(
		'title'   => 'Winter warmth packs: how you can help',
		'slug'    => 'winter-warmth-packs',
		'author'  => 'sian',
		'date'    => '2013-12-10 19:00:00',
		'cats'    => array( 'fundraising', 'projects' ),
		'tags'    => array( 'winter', 'donations' ),
		'content' => sba_blocks(
			'Each warmth pack holds a blanket, a flask, thermal socks, a hat and a list of local places to keep warm during the day.',
			'A pack costs us £18 to put together. We aim to hand out 150 before Christmas.',
			'You can drop new items at the office on Weir Lane, weekdays from 9 to 4.'
		),
	)
);
$w1 = sba_comment( $warmth, array( '2013-12-10 20:30:00', 'Bernard Okoye', 'Dropped off a box of hats this morning. The office was full of blankets already!' ) );
sba_comment( $warmth, array( '2013-12-11 08:45:00', 'Siân Griffiths', 'Thank you Bernard, the hats have already gone into packs.', 'parent' => $w1, 'user' => 'sian' ) );
sba_comment( $warmth, array( '2013-12-12 10:00:00', 'Hidden Pending', 'HIDDEN-PENDING-MARKER this comment is held for moderation and must never be published.', 'status' => 0 ) );
sba_comment( $warmth, array( '2013-12-12 11:00:00', 'Cheap Pills Online', 'HIDDEN-SPAM-MARKER best prices click here', 'status' => 'spam', 'url' => 'http://spam.example.com/' ) );
sba_comment( $warmth, array( '2013-12-12 12:00:00', 'Hidden Trash', 'HIDDEN-TRASH-MARKER this comment was deleted to the bin.', 'status' => 'trash' ) );
sba_comment( $warmth, array( '2013-12-13 12:30:00', 'Hidden Pending Reply', 'HIDDEN-PENDING-REPLY-MARKER a reply held for moderation.', 'status' => 0, 'parent' => $w1 ) );

// 11. 30 March 2014, the day BST began (01:00 UTC): 13:00 local is BST.
sba_post(
	array(
		'title'   => 'Clocks go forward, doors stay open',
		'slug'    => 'clocks-go-forward',
		'author'  => 'tom',
		'date'    => '2014-03-30 13:00:00',
		'cats'    => array( 'news' ),
		'tags'    => array( 'drop-in' ),
		'content' => sba_blocks(
			'A reminder that from this week the drop-in stays open until 7pm on Thursdays, now that the evenings are lighter.',
			'Tea, toast and the benefits advice table are all there as usual.'
		),
	)
);

// 12. 26 October 2014, the day BST ended: 15:00 local is GMT. Modified in January 2015.
$report = sba_post(
	array(
		'title'   => 'Annual report 2013–14',
		'slug'    => 'annual-report-2013-14',
		'author'  => 'sian',
		'date'    => '2014-10-26 15:00:00',
		'cats'    => array( 'news' ),
		'tags'    => array( 'annual report' ),
		'content' => sba_blocks(
			'Our annual report for 2013–14 is out. In short: 1,240 people used at least one of our services, 96 volunteers gave their time, and income rose by 8%.',
			'<em>Updated January 2015:</em> the audited accounts are now attached to the Charity Commission record.'
		),
	)
);
$report_mod = '2015-01-08 09:30:00';
$GLOBALS['wpdb']->update(
	$GLOBALS['wpdb']->posts,
	array(
		'post_modified'     => $report_mod,
		'post_modified_gmt' => get_gmt_from_date( $report_mod ),
	),
	array( 'ID' => $report )
);
clean_post_cache( $report );
sba_comment( $report, array( '2014-10-27 10:10:00', 'Jill Sutton', 'Congratulations on a great year. The graphs on page 4 are very clear.', 'url' => 'https://jillsutton.example.net/about/' ) );

// 13. May 2015 (BST). Comments with author URLs.
$election = sba_post(
	array(
		'title'   => 'Election night: what we asked the candidates',
		'slug'    => 'election-night-questions',
		'author'  => 'tom',
		'date'    => '2015-05-07 22:10:00',
		'cats'    => array( 'policy' ),
		'tags'    => array( 'election', 'campaigns' ),
		'content' => sba_blocks(
			'Before the election we asked every candidate in the constituency three questions: about youth services, about the food bank, and about funding for small charities.',
			'Four of the five replied. Their answers are below, unedited, in the order they arrived.'
		),
	)
);
$e1 = sba_comment( $election, array( '2015-05-07 23:05:00', 'Naomi Fletcher', 'Really useful, thank you. Shame the fifth candidate did not answer.', 'url' => 'http://naomifletcher.example.net/' ) );
sba_comment( $election, array( '2015-05-08 06:50:00', 'Tom Okafor', 'We will ask again after the count, Naomi.', 'parent' => $e1, 'user' => 'tom' ) );

// 14. December 2015 (GMT). No comments.
sba_post(
	array(
		'title'   => "Season's greetings and a thank you",
		'slug'    => 'seasons-greetings-2015',
		'author'  => 'sian',
		'date'    => '2015-12-24 10:00:00',
		'cats'    => array( 'news' ),
		'tags'    => array( 'thanks' ),
		'content' => sba_blocks(
			'The office closes at noon today and reopens on 4 January. The lunch club runs as usual on 29 and 30 December.',
			'Nadolig llawen, frohe Weihnachten and a very happy Christmas from everyone at the Trust. 🎄'
		),
	)
);

// Password-protected (published: listed with a password form; body and comments hidden).
$protected = sba_post(
	array(
		'title'    => 'Trustee minutes, May 2013',
		'slug'     => 'trustee-minutes-may-2013',
		'author'   => 'tom',
		'date'     => '2013-05-15 18:00:00',
		'cats'     => array( 'news' ),
		'tags'     => array( 'governance' ),
		'password' => 'weir-lane',
		'content'  => sba_p( 'HIDDEN-PASSWORD-MARKER Minutes of the trustee meeting: only trustees have the password.' ),
	)
);
sba_comment( $protected, array( '2013-05-16 09:00:00', 'A Trustee', 'HIDDEN-PASSWORD-COMMENT-MARKER Minutes approved.' ) );

// Never public: draft, pending review, private, scheduled, trashed.
sba_post( array( 'title' => 'HIDDEN-DRAFT-MARKER New logo ideas', 'author' => 'sian', 'date' => '2015-11-02 10:00:00', 'status' => 'draft', 'content' => 'HIDDEN-DRAFT-MARKER draft body, not ready to publish.' ) );
sba_post( array( 'title' => 'HIDDEN-PENDINGPOST-MARKER Guest post awaiting review', 'author' => 'tom', 'date' => '2015-11-03 10:00:00', 'status' => 'pending', 'content' => 'HIDDEN-PENDINGPOST-MARKER submitted for review.' ) );
sba_post( array( 'title' => 'HIDDEN-PRIVATE-MARKER Staff rota', 'author' => 'sian', 'date' => '2014-01-10 10:00:00', 'status' => 'private', 'content' => 'HIDDEN-PRIVATE-MARKER staff only.' ) );
sba_post( array( 'title' => 'HIDDEN-FUTURE-MARKER Spring fair announcement', 'slug' => 'spring-fair-2099', 'author' => 'tom', 'date' => '2099-04-01 10:00:00', 'status' => 'publish', 'content' => 'HIDDEN-FUTURE-MARKER scheduled, not yet published.' ) );
$trashed = sba_post( array( 'title' => 'HIDDEN-TRASHEDPOST-MARKER Old vacancy', 'slug' => 'old-vacancy', 'author' => 'tom', 'date' => '2012-02-01 10:00:00', 'content' => 'HIDDEN-TRASHEDPOST-MARKER this vacancy has closed.' ) );
wp_trash_post( $trashed );

// A static page with a comment.
$about = sba_post(
	array(
		'type'    => 'page',
		'title'   => 'About the Trust',
		'slug'    => 'about',
		'author'  => 'sian',
		'date'    => '2008-03-01 09:00:00',
		'content' => sba_p(
			'Millbrook Community Trust is a registered charity (a fictional one, made up for testing) founded in 1994 by residents of the Weir Lane estate.',
			'We run a lunch club, a homework club, a youth drop-in, a minibus service and a small advice service.'
		),
	)
);
sba_comment( $about, array( '2012-09-03 14:00:00', 'Yusuf Demir', 'Do you have a registered charity number I can put on a gift aid form?' ) );

// Comments closed on the oldest post (after its comments were made).
// (A direct update, so that post_modified stays as it was.)
$GLOBALS['wpdb']->update( $GLOBALS['wpdb']->posts, array( 'comment_status' => 'closed', 'ping_status' => 'closed' ), array( 'ID' => $welcome ) );
clean_post_cache( $welcome );

$counts = wp_count_posts();
echo "seeded: {$counts->publish} published posts, " . wp_count_comments()->approved . " approved comments\n";
