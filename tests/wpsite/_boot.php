<?php
/**
 * Shared bootstrap for the CLI scripts in tests/wpsite (seed.php, truth.php, control.php):
 * `php SCRIPT.php DOCROOT [args...]` loads the WordPress of the test site built by server.py.
 * The environment variable SBA_WP_HOST (127.0.0.1:PORT) fills in the request globals WordPress
 * expects from a web request.
 */
if ( PHP_SAPI !== 'cli' ) {
	http_response_code( 403 );
	exit( 1 );
}
if ( $argc < 2 || ! is_file( $argv[1] . '/wp-load.php' ) ) {
	fwrite( STDERR, "usage: php {$argv[0]} DOCROOT [args...]\n" );
	exit( 2 );
}
$sba_docroot = rtrim( $argv[1], '/' );
$sba_args    = array_slice( $argv, 2 );
$sba_host    = getenv( 'SBA_WP_HOST' ) ? getenv( 'SBA_WP_HOST' ) : '127.0.0.1';

$_SERVER['HTTP_HOST']       = $sba_host;
$_SERVER['SERVER_NAME']     = '127.0.0.1';
$_SERVER['SERVER_PORT']     = strpos( $sba_host, ':' ) ? substr( $sba_host, strpos( $sba_host, ':' ) + 1 ) : '80';
$_SERVER['REQUEST_URI']     = '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['HTTP_USER_AGENT'] = 'sba-wpsite-cli';

require $sba_docroot . '/wp-load.php';
