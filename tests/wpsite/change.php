<?php
/**
 * Changes the content of a running test site, as a blog changes between two crawls (called by the
 * incremental re-crawl tests); prints what it made as JSON:
 *   php change.php DOCROOT new-post TITLE                   a published post, now  -> {"post": ID}
 *   php change.php DOCROOT comment POST_ID PARENT_ID TEXT   an approved comment, now -> {"comment": ID}
 *   php change.php DOCROOT edit POST_ID TEXT                appends TEXT to a post's content (modified now)
 */
require __DIR__ . '/_boot.php';

$action = isset( $sba_args[0] ) ? $sba_args[0] : '';
switch ( $action ) {
	case 'new-post':
		$id = wp_insert_post(
			array(
				'post_title'   => $sba_args[1],
				'post_content' => '<p>' . esc_html( $sba_args[1] ) . ': a post written after the first crawl.</p>',
				'post_status'  => 'publish',
				'post_author'  => 1,
			),
			true
		);
		if ( is_wp_error( $id ) ) {
			fwrite( STDERR, $id->get_error_message() . "\n" );
			exit( 1 );
		}
		echo wp_json_encode( array( 'post' => $id ) ), "\n";
		break;
	case 'comment':
		$id = wp_insert_comment(
			array(
				'comment_post_ID'      => (int) $sba_args[1],
				'comment_parent'       => (int) $sba_args[2],
				'comment_content'      => $sba_args[3],
				'comment_author'       => 'Late Reader',
				'comment_author_email' => 'late.reader@example.invalid',
				'comment_approved'     => 1,
				'comment_type'         => 'comment',
			)
		);
		if ( ! $id ) {
			fwrite( STDERR, "comment on post {$sba_args[1]} failed\n" );
			exit( 1 );
		}
		echo wp_json_encode( array( 'comment' => $id ) ), "\n";
		break;
	case 'edit':
		$post = get_post( (int) $sba_args[1] );
		$done = wp_update_post(
			array(
				'ID'           => $post->ID,
				'post_content' => $post->post_content . "\n\n<p>" . esc_html( $sba_args[2] ) . '</p>',
			),
			true
		);
		if ( is_wp_error( $done ) ) {
			fwrite( STDERR, $done->get_error_message() . "\n" );
			exit( 1 );
		}
		echo wp_json_encode( array( 'post' => $post->ID ) ), "\n";
		break;
	default:
		fwrite( STDERR, "unknown action '$action'\n" );
		exit( 2 );
}
