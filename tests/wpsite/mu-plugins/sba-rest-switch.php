<?php
/**
 * Plugin Name: SBA test site - REST switch
 * Description: Turns the REST API off the way hardened sites do, while the flag file
 *              WP_CONTENT_DIR/sba-rest-disabled exists (tests/wpsite/server.py set_rest(False)).
 *              Every REST request (pretty /wp-json/... and ?rest_route=...) gets 403
 *              rest_disabled, and the discovery hints (Link header, <link rel="https://api.w.org/">,
 *              the per-resource alternate link, the oEmbed discovery links, which point into
 *              /wp-json/, and the RSD entry) are removed.
 */

if ( file_exists( WP_CONTENT_DIR . '/sba-rest-disabled' ) ) {
	add_filter(
		'rest_authentication_errors',
		static function () {
			return new WP_Error( 'rest_disabled', 'The REST API is disabled on this site.', array( 'status' => 403 ) );
		},
		99
	);
	remove_action( 'wp_head', 'rest_output_link_wp_head', 10 );
	remove_action( 'template_redirect', 'rest_output_link_header', 11 );
	remove_action( 'xmlrpc_rsd_apis', 'rest_output_rsd' );
	remove_action( 'wp_head', 'wp_oembed_add_discovery_links' );
}
