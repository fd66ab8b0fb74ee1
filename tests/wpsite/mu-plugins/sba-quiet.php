<?php
/**
 * Plugin Name: SBA test site - quiet
 * Description: Keeps the throwaway test site self-contained: no mail is sent, no pings or
 *              enclosures are fetched, nothing is fetched from outside 127.0.0.1.
 */

if ( ! function_exists( 'wp_mail' ) ) {
	// Pluggable: a must-use plugin loads before pluggable.php, so this replaces the mailer.
	function wp_mail( $to, $subject, $message, $headers = '', $attachments = array() ) {
		return true;
	}
}

add_filter( 'pre_option_default_pingback_flag', '__return_zero' );
remove_action( 'do_pings', 'do_all_pings', 10 );
add_filter(
	'pre_http_request',
	static function ( $pre, $args, $url ) {
		$host = wp_parse_url( $url, PHP_URL_HOST );
		if ( '127.0.0.1' === $host || 'localhost' === $host ) {
			return $pre;
		}
		return new WP_Error( 'http_request_blocked', 'Outgoing HTTP is blocked on the test site.' );
	},
	10,
	3
);
