<?php
/**
 * Changes a running test site (called by server.py):
 *   php control.php DOCROOT theme twentytwentyone|twentytwentythree
 *   php control.php DOCROOT permalinks STRUCTURE        ('' = plain ?p=ID links)
 *   php control.php DOCROOT option NAME VALUE
 */
require __DIR__ . '/_boot.php';

$action = isset( $sba_args[0] ) ? $sba_args[0] : '';
switch ( $action ) {
	case 'theme':
		$theme = wp_get_theme( $sba_args[1] );
		if ( ! $theme->exists() || $theme->errors() ) {
			fwrite( STDERR, "theme {$sba_args[1]} is not available\n" );
			exit( 1 );
		}
		switch_theme( $theme->get_stylesheet() );
		echo get_option( 'stylesheet' ), "\n";
		break;
	case 'permalinks':
		global $wp_rewrite;
		$wp_rewrite->set_permalink_structure( $sba_args[1] );
		// Rebuilt lazily by the next web request, in the web context (theme and all).
		delete_option( 'rewrite_rules' );
		echo get_option( 'permalink_structure' ), "\n";
		break;
	case 'option':
		update_option( $sba_args[1], $sba_args[2] );
		echo get_option( $sba_args[1] ), "\n";
		break;
	default:
		fwrite( STDERR, "unknown action '$action'\n" );
		exit( 2 );
}
