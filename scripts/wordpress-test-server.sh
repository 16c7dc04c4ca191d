#!/usr/bin/env bash
# A real WordPress for the integration tests of the WordPress adapter (tests/helpers/wordpress.ts
# runs it; it works by hand too).
#
#   scripts/wordpress-test-server.sh [start]   install when missing, start, print KEY=VALUE lines
#   scripts/wordpress-test-server.sh stop      stop the processes start started
#
# WordPress comes from Debian's packages (wordpress 6.1, PHP 8.2) and runs on PHP's built-in web
# server at http://127.0.0.1:$WP_PORT. Its data lives in database syndicate_wp_$WP_PORT of the
# MariaDB at 127.0.0.1:3306 (user root, empty password: CI runs one there), or of a private MariaDB
# (Unix socket only) when none answers there. The site has pretty permalinks, timezone UTC, no
# sample content, an administrator and a contributor, each with an Application Password (usable over
# plain http: the site says it is a "local" environment).
# A must-use plugin adds GET /wp-json/syndicate-test/v1/blocks/<id>: the post's content as WordPress's
# own block parser (parse_blocks) reads it, and /editor-scripts: the block editor's scripts in load
# order, for tests of the block markup we deliver.
#
# start prints only these lines on stdout (values never need quoting):
#   WP_URL WP_REST_URL WP_USER WP_APP_PASSWORD WP_CONTRIBUTOR_USER WP_CONTRIBUTOR_APP_PASSWORD WP_DIR
# and its progress on stderr. While the server runs, start only checks both Application Passwords
# and prints the same values again (about 0.1 s). Concurrent calls wait for each other (flock).
#
# Environment:
#   WP_PORT=8089        port on 127.0.0.1; state (site copy, logs, PID files) in
#                       ${TMPDIR:-/tmp}/syndicate-wordpress-$WP_PORT
#   WP_RESET=1          start from a fresh site: new database, no uploads, new passwords
#   WP_STARTED_FILE     start writes WP_PORT into this file when it launched the web server itself
#                       (the tests stop WordPress at the end of a run only when it did)
#
# Under WP_DIR: logs/ (php-server.log, php-error.log, setup.log, apt.log), htdocs/ (the site; uploads
# in htdocs/wp-content/uploads), state/login-passwords (wp-admin logins; the REST API only takes
# Application Passwords).
#
# Exit status: 0 ready; 3 WordPress cannot be made available on this machine (packages missing and
# not root, or apt-get failed), with a sentence saying why; 1 anything else, with the log's tail.
set -Eeuo pipefail

T0=$(date +%s%N)
log() { printf '[wordpress] %6sms %s\n' "$(( ($(date +%s%N) - T0) / 1000000 ))" "$*" >&2; }
CURRENT_LOG=
fail() {
  printf '[wordpress] ERROR: %s\n' "$1" >&2
  if [[ -n $CURRENT_LOG && -s $CURRENT_LOG ]]; then
    printf '[wordpress] last lines of %s:\n' "$CURRENT_LOG" >&2
    tail -n 30 "$CURRENT_LOG" | sed 's/^/    /' >&2
  fi
  exit 1
}
unavailable() { printf '[wordpress] UNAVAILABLE: %s\n' "$1" >&2; exit 3; }
trap 'fail "line $LINENO: \`$BASH_COMMAND\` exited with status $?"' ERR

COMMAND=${1:-start}
case $COMMAND in start|stop) ;; *) echo "usage: $0 [start|stop]" >&2; exit 2 ;; esac

PORT=${WP_PORT:-8089}
[[ $PORT =~ ^[0-9]+$ ]] && (( PORT > 0 && PORT < 65536 )) || fail "WP_PORT must be a port number, not '$PORT'"
TMP=${TMPDIR:-/tmp}
DIR=${TMP%/}/syndicate-wordpress-$PORT
[[ $DIR =~ ^[A-Za-z0-9_./-]+$ ]] || fail "the state folder $DIR has unusual characters; set TMPDIR to a plain path"
URL=http://127.0.0.1:$PORT
DB_NAME=syndicate_wp_$PORT
ADMIN_USER=admin
CONTRIBUTOR_USER=contributor
HTDOCS=$DIR/htdocs
RUN=$DIR/run
STATE=$DIR/state
LOGS=$DIR/logs
DB_DIR=$DIR/db
DB_SOCKET=$DB_DIR/mariadb.sock
PHP_PID=$RUN/php.pid
DB_PID=$RUN/mariadbd.pid

mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock -w 900 9 || fail "another start or stop of $DIR did not finish within 15 minutes"

# ---------------------------------------------------------------------------------------- processes
# live_pid PIDFILE MARKER: the recorded PID, if that process still runs and its command line has MARKER
live_pid() {
  local pid cmdline
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$2"* ]] || return 1
  echo "$pid"
}
php_running() { live_pid "$PHP_PID" "$DIR/router.php" >/dev/null; }
db_running() { live_pid "$DB_PID" "--datadir=$DB_DIR/data" >/dev/null; }

# stop_recorded PIDFILE MARKER NAME: TERM (to the process group: each server runs under setsid), KILL after 30 s
stop_recorded() {
  local pid
  if ! pid=$(live_pid "$1" "$2"); then rm -f "$1"; return 0; fi
  log "stopping the $3 (pid $pid)"
  if [[ $(ps -o pgid= -p "$pid" | tr -d ' ') == "$pid" ]]; then kill -TERM -- "-$pid" 2>/dev/null || true
  else kill -TERM "$pid" 2>/dev/null || true; fi
  for _ in $(seq 300); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
  if [[ -d /proc/$pid ]]; then
    log "the $3 is still running after 30 s: SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

if [[ $COMMAND == stop ]]; then
  stop_recorded "$PHP_PID" "$DIR/router.php" "PHP web server"
  stop_recorded "$DB_PID" "--datadir=$DB_DIR/data" "private MariaDB"
  log "stopped (the site's data is kept in $DIR)"
  exit 0
fi

# ---------------------------------------------------------------------------------------- warm path
# probe USER:PASSWORD...: the status of GET /wp-json/wp/v2/users/me?context=edit for each, e.g. "200 200"
probe() { php -n "$DIR/probe.php" "$URL/wp-json/wp/v2/users/me?context=edit" "$@"; }
print_env() {
  printf '%s\n' "WP_URL=$URL" "WP_REST_URL=$URL/wp-json" \
    "WP_USER=$ADMIN_USER" "WP_APP_PASSWORD=$WP_APP_PASSWORD" \
    "WP_CONTRIBUTOR_USER=$CONTRIBUTOR_USER" "WP_CONTRIBUTOR_APP_PASSWORD=$WP_CONTRIBUTOR_APP_PASSWORD" \
    "WP_DIR=$DIR"
}
WP_APP_PASSWORD='' WP_CONTRIBUTOR_APP_PASSWORD=''
load_app_passwords() {
  [[ -s $STATE/app-passwords ]] || return 0
  local key value
  while IFS='=' read -r key value; do
    case $key in WP_APP_PASSWORD|WP_CONTRIBUTOR_APP_PASSWORD) printf -v "$key" '%s' "$value" ;; esac
  done <"$STATE/app-passwords"
}
credentials_ok() {
  [[ -n $WP_APP_PASSWORD && -n $WP_CONTRIBUTOR_APP_PASSWORD ]] || return 1
  [[ $(probe "$ADMIN_USER:$WP_APP_PASSWORD" "$CONTRIBUTOR_USER:$WP_CONTRIBUTOR_APP_PASSWORD" 2>/dev/null) == "200 200" ]]
}

# A must-use plugin for the tests: GET /wp-json/syndicate-test/v1/blocks/<id> answers the post's
# content as WordPress's own block parser (parse_blocks) reads it, to whoever may edit the post;
# GET /wp-json/syndicate-test/v1/editor-scripts the block editor's scripts in the order they load.
install_test_plugin() {
  local dir=$HTDOCS/wp-content/mu-plugins
  [[ -d $HTDOCS/wp-content ]] || return 0
  mkdir -p "$dir"
  cat >"$dir/syndicate-test-blocks.php.new" <<'EOF'
<?php
// Written by scripts/wordpress-test-server.sh: tests read content as WordPress's block parser does.
// Page templates as a theme with two would offer them (the site has no theme installed).
add_filter('theme_page_templates', function ($templates) {
    return $templates + ['page-templates/landing.php' => 'Landing', 'templates/wide.php' => 'Wide'];
});
add_action('rest_api_init', function () {
    register_rest_route('syndicate-test/v1', '/blocks/(?P<id>\d+)', [
        'methods' => 'GET',
        'permission_callback' => function ($request) { return current_user_can('edit_post', (int) $request['id']); },
        'callback' => function ($request) {
            $post = get_post((int) $request['id']);
            if (!$post) return new WP_Error('rest_post_invalid_id', 'No such post.', ['status' => 404]);
            return rest_ensure_response(['blocks' => parse_blocks($post->post_content)]);
        },
    ]);
    // The block editor's scripts in the order WordPress loads them, with their inline parts.
    register_rest_route('syndicate-test/v1', '/editor-scripts', [
        'methods' => 'GET',
        'permission_callback' => function () { return current_user_can('edit_posts'); },
        'callback' => function () {
            $scripts = wp_scripts();
            $scripts->all_deps(['wp-block-library']);
            $answer = [];
            foreach ($scripts->to_do as $handle) {
                $script = $scripts->registered[$handle];
                $answer[] = [
                    'handle' => $handle,
                    'src' => $script->src ? (preg_match('#^https?://#', $script->src) ? $script->src : site_url($script->src)) : null,
                    'data' => (string) $scripts->get_data($handle, 'data'),
                    'before' => implode("\n", (array) $scripts->get_data($handle, 'before')),
                    'after' => implode("\n", (array) $scripts->get_data($handle, 'after')),
                ];
            }
            return rest_ensure_response($answer);
        },
    ]);
});
EOF
  if cmp -s "$dir/syndicate-test-blocks.php.new" "$dir/syndicate-test-blocks.php"; then rm "$dir/syndicate-test-blocks.php.new"
  else mv "$dir/syndicate-test-blocks.php.new" "$dir/syndicate-test-blocks.php"; fi
}

if [[ ${WP_RESET:-0} != 1 ]] && php_running && [[ -f $DIR/probe.php ]]; then
  install_test_plugin
  load_app_passwords
  if credentials_ok; then
    log "already running at $URL"
    print_env
    exit 0
  fi
  log "the server runs but does not accept the stored Application Passwords: setting up again"
fi

# ---------------------------------------------------------------------------------------- packages
PACKAGES=(wordpress php-cli php-mysql)
missing_packages() {
  local package
  for package in "$@"; do
    [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null) == ii* ]] || echo "$package"
  done
}

# The wordpress package pulls in Apache (for its "httpd" dependency) and mariadb-server would start
# a system MariaDB: a policy-rc.d that answers 101 ("not allowed") keeps apt from starting either.
POLICY=/usr/sbin/policy-rc.d
POLICY_SAVED=''
restore_policy() {
  if [[ -n $POLICY_SAVED ]]; then mv -f "$POLICY_SAVED" "$POLICY"; POLICY_SAVED=''
  elif [[ -f $POLICY && $(<"$POLICY") == *syndicate-wordpress-test-server* ]]; then rm -f "$POLICY"; fi
}
forbid_service_starts() {
  if [[ -e $POLICY ]] && grep -qx 'exit 101' "$POLICY"; then return 0; fi
  if [[ -e $POLICY ]]; then POLICY_SAVED=$DIR/policy-rc.d.saved; cp -p "$POLICY" "$POLICY_SAVED"; fi
  trap restore_policy EXIT
  trap 'restore_policy; exit 1' INT TERM
  printf '#!/bin/sh\n# syndicate-wordpress-test-server: no service starts while it installs packages\nexit 101\n' >"$POLICY"
  chmod 755 "$POLICY"
}

APT_UPDATED=0
apt_failed() {
  local reason
  reason=$(grep -E '^(E|Err):' "$LOGS/apt.log" | tail -n 1 || true)
  [[ -n $reason ]] || reason=$(grep -v '^\s*$' "$LOGS/apt.log" | tail -n 1 || true)
  unavailable "$1 failed, so WordPress cannot be installed: ${reason:-no output} (log: $LOGS/apt.log)"
}
apt_update() {
  log "apt-get update"
  apt-get -q -o DPkg::Lock::Timeout=300 update >>"$LOGS/apt.log" 2>&1 || apt_failed 'apt-get update'
  APT_UPDATED=1
}
install_packages() {
  (( $# )) || return 0
  if (( EUID != 0 )); then
    unavailable "WordPress is not installed on this machine (missing Debian packages: $*) and this user is not root, so they cannot be installed; run this script once as root, or: sudo apt-get install -y --no-install-recommends $*"
  fi
  command -v apt-get >/dev/null || unavailable "missing Debian packages ($*) and there is no apt-get here to install them"
  mkdir -p "$LOGS"
  CURRENT_LOG=$LOGS/apt.log
  : >"$LOGS/apt.log"
  export DEBIAN_FRONTEND=noninteractive
  local package
  for package in "$@"; do   # apt knows no installable version: its package lists are missing or old
    apt-cache show --no-all-versions "$package" >/dev/null 2>&1 || { apt_update; break; }
  done
  forbid_service_starts
  log "installing Debian packages: $* (a minute or two)"
  if ! apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" >>"$LOGS/apt.log" 2>&1; then
    (( APT_UPDATED )) && apt_failed "apt-get install $*"
    log "apt-get install failed; updating the package lists and trying again"
    apt_update
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" >>"$LOGS/apt.log" 2>&1 \
      || apt_failed "apt-get install $*"
  fi
  restore_policy
  trap - EXIT INT TERM
  CURRENT_LOG=''
}

sql_client() { command -v mariadb || command -v mysql; }
shared_sql() {
  MYSQL_PWD='' "$(sql_client)" --no-defaults --protocol=TCP -h 127.0.0.1 -P 3306 -u root --connect-timeout=5 -N -B "$@"
}
shared_db_answers() { sql_client >/dev/null && shared_sql -e 'SELECT 1' >/dev/null 2>&1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mapfile -t MISSING < <(missing_packages "${PACKAGES[@]}")
# Without a client yet, an open port 3306 counts as the shared MariaDB until it can be checked.
if shared_db_answers || { ! sql_client >/dev/null && port_open 3306; }; then DB_KIND=shared; else DB_KIND=private; fi
[[ $DB_KIND == private ]] && mapfile -t -O "${#MISSING[@]}" MISSING < <(missing_packages mariadb-server)
install_packages "${MISSING[@]}"
if [[ $DB_KIND == shared ]] && ! shared_db_answers; then
  log "nothing logs in as root without a password at 127.0.0.1:3306: using a private MariaDB"
  DB_KIND=private
  mapfile -t MISSING < <(missing_packages mariadb-server)
  install_packages "${MISSING[@]}"
fi
[[ -r /usr/share/wordpress/wp-settings.php ]] || fail "package wordpress is installed but /usr/share/wordpress is incomplete"
php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' || fail "PHP has no mysqli extension (package php-mysql)"

# ---------------------------------------------------------------------------------------- reset
if [[ ${WP_RESET:-0} == 1 ]]; then
  log "WP_RESET=1: removing the site"
  stop_recorded "$PHP_PID" "$DIR/router.php" "PHP web server"
  stop_recorded "$DB_PID" "--datadir=$DB_DIR/data" "private MariaDB"
  if [[ $DB_KIND == shared ]]; then shared_sql -e "DROP DATABASE IF EXISTS \`$DB_NAME\`"; fi
  find "$DIR" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
fi
mkdir -p "$RUN" "$STATE" "$LOGS"
chmod 700 "$STATE"
if ! php_running && port_open "$PORT"; then
  fail "port $PORT on 127.0.0.1 is in use by a process this script did not start; choose another with WP_PORT"
fi

# ---------------------------------------------------------------------------------------- site files
# A copy of Debian's /usr/share/wordpress (whose wp-config.php reads /etc/wordpress), made again when
# the package changes; uploads survive the copy.
PACKAGE_VERSION=$(dpkg-query -W -f='${Version}' wordpress)
if [[ ! -f $HTDOCS/wp-settings.php || $(cat "$STATE/package-version" 2>/dev/null) != "$PACKAGE_VERSION" ]]; then
  log "copying WordPress $PACKAGE_VERSION into $HTDOCS"
  stop_recorded "$PHP_PID" "$DIR/router.php" "PHP web server"
  rm -rf "$DIR/htdocs.new" "$DIR/uploads.kept"
  [[ -d $HTDOCS/wp-content/uploads ]] && mv "$HTDOCS/wp-content/uploads" "$DIR/uploads.kept"
  cp -a /usr/share/wordpress "$DIR/htdocs.new"
  rm -f "$DIR/htdocs.new/wp-config.php" "$DIR/htdocs.new/.htaccess"
  if [[ -d $DIR/uploads.kept ]]; then mv "$DIR/uploads.kept" "$DIR/htdocs.new/wp-content/uploads"
  else mkdir -p "$DIR/htdocs.new/wp-content/uploads"; fi
  rm -rf "$HTDOCS"
  mv "$DIR/htdocs.new" "$HTDOCS"
  echo "$PACKAGE_VERSION" >"$STATE/package-version"
fi

# ---------------------------------------------------------------------------------------- database
if [[ $DB_KIND == private ]]; then
  mkdir -p "$DB_DIR"
  as_root=(); (( EUID == 0 )) && as_root=(--user=root)
  if ! db_running; then
    if [[ ! -d $DB_DIR/data/mysql ]]; then
      log "creating a private MariaDB in $DB_DIR"
      CURRENT_LOG=$LOGS/mariadb-install.log
      rm -rf "$DB_DIR/data"
      mariadb-install-db --no-defaults --datadir="$DB_DIR/data" --auth-root-authentication-method=normal \
        --skip-test-db "${as_root[@]}" >"$CURRENT_LOG" 2>&1 || fail "mariadb-install-db failed"
    fi
    log "starting the private MariaDB (Unix socket only)"
    CURRENT_LOG=$LOGS/mariadb.log
    rm -f "$DB_SOCKET"
    setsid /usr/sbin/mariadbd --no-defaults --datadir="$DB_DIR/data" --socket="$DB_SOCKET" --skip-networking \
      --pid-file="$DB_DIR/mariadbd.pid" --log-error="$LOGS/mariadb.log" --skip-name-resolve "${as_root[@]}" \
      --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      </dev/null >>"$LOGS/mariadb.log" 2>&1 9>&- &
    echo $! >"$DB_PID"
    for _ in $(seq 300); do
      mariadb-admin --no-defaults --socket="$DB_SOCKET" -u root ping >/dev/null 2>&1 && break
      db_running || fail "the private MariaDB exited while starting"
      sleep 0.1
    done
    mariadb-admin --no-defaults --socket="$DB_SOCKET" -u root ping >/dev/null 2>&1 \
      || fail "the private MariaDB did not answer within 30 s"
    CURRENT_LOG=''
  fi
  MYSQL_PWD='' "$(sql_client)" --no-defaults --socket="$DB_SOCKET" -u root \
    -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  DB_HOST=localhost:$DB_SOCKET
else
  log "using database $DB_NAME on the MariaDB at 127.0.0.1:3306"
  shared_sql -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  DB_HOST=127.0.0.1:3306
fi

# ---------------------------------------------------------------------------------------- configuration
random_word() { local word; word=$(head -c 64 /dev/urandom | base64 -w 0 | tr -dc 'A-Za-z0-9'); echo "${word:0:$1}"; }
if [[ ! -s $STATE/keys.php ]]; then
  { echo '<?php'
    for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      echo "define('$key', '$(random_word 40)');"
    done
  } >"$STATE/keys.php"
fi
# Login passwords (wp-admin in a browser; the REST API only takes Application Passwords).
[[ -s $STATE/login-passwords ]] || printf 'admin=%s\ncontributor=%s\n' "$(random_word 20)" "$(random_word 20)" >"$STATE/login-passwords"
ADMIN_LOGIN_PASSWORD=$(sed -n 's/^admin=//p' "$STATE/login-passwords")
CONTRIBUTOR_LOGIN_PASSWORD=$(sed -n 's/^contributor=//p' "$STATE/login-passwords")

cat >"$HTDOCS/wp-config.php.new" <<EOF
<?php
// Written by scripts/wordpress-test-server.sh: a WordPress for integration tests, not for production.
define('DB_NAME', '$DB_NAME');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '$DB_HOST');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
\$table_prefix = 'wp_';
require '$STATE/keys.php';
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
define('WP_ENVIRONMENT_TYPE', 'local');   // lets Application Passwords work over plain http
define('DISABLE_WP_CRON', true);          // no requests to itself
define('WP_HTTP_BLOCK_EXTERNAL', true);   // no update checks or other calls out
define('AUTOMATIC_UPDATER_DISABLED', true);
define('FS_METHOD', 'direct');
define('WP_DEBUG', false);
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
EOF
if cmp -s "$HTDOCS/wp-config.php.new" "$HTDOCS/wp-config.php"; then rm "$HTDOCS/wp-config.php.new"
else
  mv "$HTDOCS/wp-config.php.new" "$HTDOCS/wp-config.php"
  stop_recorded "$PHP_PID" "$DIR/router.php" "PHP web server (its configuration changed)"
fi

cat >"$DIR/router.php" <<'EOF'
<?php
// Router for PHP's built-in server: existing files are served (PHP files run); every other path goes
// to WordPress's index.php, which gives pretty permalinks and /wp-json/ (?rest_route= works anyway).
$root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if ($path !== '/' && strpos($path, '..') === false) {
    if (is_file($root . $path)) return false;
    if (is_dir($root . $path) && is_file(rtrim($root . $path, '/') . '/index.php')) return false;
}
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
chdir($root);
require $root . '/index.php';
EOF

cat >"$DIR/probe.php" <<'EOF'
<?php
// php probe.php URL USER:PASSWORD...: prints the HTTP status of GET URL with Basic auth for each.
$url = $argv[1];
$codes = [];
foreach (array_slice($argv, 2) as $credentials) {
    $context = stream_context_create(['http' => [
        'header' => 'Authorization: Basic ' . base64_encode($credentials),
        'ignore_errors' => true, 'follow_location' => 0, 'timeout' => 10,
    ]]);
    $http_response_header = [];
    @file_get_contents($url, false, $context);
    $codes[] = preg_match('#^HTTP/\S+ (\d{3})#', $http_response_header[0] ?? '', $m) ? $m[1] : '000';
}
echo implode(' ', $codes), "\n";
EOF

cat >"$DIR/setup.php" <<'EOF'
<?php
// Run with php-cli by scripts/wordpress-test-server.sh: installs the site when needed, applies the
// test settings, makes sure the administrator and the contributor exist, and prints an Application
// Password for each (the previous one while it is still valid).
function fail(string $message): never { fwrite(STDERR, "setup.php: $message\n"); exit(1); }

$url = parse_url(getenv('WP_URL'));
$_SERVER['HTTP_HOST'] = $url['host'] . ':' . $url['port'];
$_SERVER['SERVER_NAME'] = $url['host'];
$_SERVER['SERVER_PORT'] = (string) $url['port'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_INSTALLING', true);
require getenv('WP_HTDOCS') . '/wp-load.php';
if (!function_exists('wp_new_blog_notification')) { function wp_new_blog_notification() {} }   // no mail
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$admin = getenv('ADMIN_USER');
$contributor = getenv('CONTRIBUTOR_USER');
if (!is_blog_installed()) {
    fwrite(STDERR, "[wordpress] installing the site\n");
    $installed = wp_install('Syndicate test site', $admin, "$admin@example.invalid", true, '',
                            wp_slash(getenv('ADMIN_LOGIN_PASSWORD')));
    if (empty($installed['user_id'])) fail('wp_install() created no user');
    // No sample content: the "Hello world!" post (and its comment), the sample page, the privacy draft.
    foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $post) {
        wp_delete_post($post->ID, true);
    }
    update_option('wp_page_for_privacy_policy', 0);
} elseif ((int) get_option('db_version') !== (int) $GLOBALS['wp_db_version']) {
    fwrite(STDERR, "[wordpress] upgrading the database for a new WordPress package\n");
    wp_upgrade();
}
if (get_option('permalink_structure') !== '/%postname%/') {
    $GLOBALS['wp_rewrite']->set_permalink_structure('/%postname%/');
}
flush_rewrite_rules(false);
update_option('timezone_string', 'UTC');
update_option('gmt_offset', 0);

function ensure_user(string $login, string $password, string $role): WP_User {
    $user = get_user_by('login', $login);
    if (!$user) {
        $id = wp_insert_user(['user_login' => $login, 'user_pass' => $password, 'role' => $role,
                              'user_email' => "$login@example.invalid", 'display_name' => ucfirst($login)]);
        if (is_wp_error($id)) fail("cannot create user $login: " . $id->get_error_message());
        $user = get_user_by('id', $id);
    } elseif (!wp_check_password($password, $user->user_pass, $user->ID)) {
        wp_set_password($password, $user->ID);
    }
    if ((array) $user->roles !== [$role]) $user->set_role($role);
    if (!wp_is_application_passwords_available_for_user($user)) {
        fail("Application Passwords are not available for $login (WP_ENVIRONMENT_TYPE must be 'local' over http)");
    }
    return $user;
}

function application_password(WP_User $user, string $previous): string {
    $name = 'syndicate-tests';
    foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
        if ($item['name'] !== $name) continue;
        if ($previous !== '' && wp_check_password($previous, $item['password'], $user->ID)) return $previous;
        WP_Application_Passwords::delete_application_password($user->ID, $item['uuid']);
    }
    $created = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => $name]);
    if (is_wp_error($created)) fail("cannot create an Application Password for {$user->user_login}: " . $created->get_error_message());
    return $created[0];
}

$adminUser = ensure_user($admin, getenv('ADMIN_LOGIN_PASSWORD'), 'administrator');
$contributorUser = ensure_user($contributor, getenv('CONTRIBUTOR_LOGIN_PASSWORD'), 'contributor');
echo 'WP_APP_PASSWORD=', application_password($adminUser, (string) getenv('PREVIOUS_APP_PASSWORD')), "\n";
echo 'WP_CONTRIBUTOR_APP_PASSWORD=', application_password($contributorUser, (string) getenv('PREVIOUS_CONTRIBUTOR_APP_PASSWORD')), "\n";
EOF

# ---------------------------------------------------------------------------------------- install, users
install_test_plugin
PHP_OPTIONS=(-d display_errors=0 -d log_errors=1 -d "error_log=$LOGS/php-error.log" -d memory_limit=256M
             -d upload_max_filesize=64M -d post_max_size=64M)
load_app_passwords
log "setting up the site (install when new, settings, users, Application Passwords)"
CURRENT_LOG=$LOGS/setup.log
WP_URL=$URL WP_HTDOCS=$HTDOCS ADMIN_USER=$ADMIN_USER CONTRIBUTOR_USER=$CONTRIBUTOR_USER \
  ADMIN_LOGIN_PASSWORD=$ADMIN_LOGIN_PASSWORD CONTRIBUTOR_LOGIN_PASSWORD=$CONTRIBUTOR_LOGIN_PASSWORD \
  PREVIOUS_APP_PASSWORD=$WP_APP_PASSWORD PREVIOUS_CONTRIBUTOR_APP_PASSWORD=$WP_CONTRIBUTOR_APP_PASSWORD \
  php "${PHP_OPTIONS[@]}" "$DIR/setup.php" >"$STATE/app-passwords.new" 2>"$LOGS/setup.log" \
  || fail "setting up WordPress failed"
if [[ -s $LOGS/setup.log ]]; then sed 's/^/    /' "$LOGS/setup.log" >&2; fi
grep -Eqx 'WP_APP_PASSWORD=[A-Za-z0-9]{24}' "$STATE/app-passwords.new" \
  && grep -Eqx 'WP_CONTRIBUTOR_APP_PASSWORD=[A-Za-z0-9]{24}' "$STATE/app-passwords.new" \
  || { cat "$STATE/app-passwords.new" >>"$LOGS/setup.log"; fail "setup.php did not print two Application Passwords"; }
mv "$STATE/app-passwords.new" "$STATE/app-passwords"
load_app_passwords

# ---------------------------------------------------------------------------------------- web server
if ! php_running; then
  log "starting PHP's built-in web server at $URL"
  CURRENT_LOG=$LOGS/php-server.log
  PHP_CLI_SERVER_WORKERS=4 setsid php "${PHP_OPTIONS[@]}" -d opcache.enable=1 -d opcache.memory_consumption=128 \
    -S "127.0.0.1:$PORT" -t "$HTDOCS" "$DIR/router.php" </dev/null >>"$LOGS/php-server.log" 2>&1 9>&- &
  echo $! >"$PHP_PID"
  if [[ -n ${WP_STARTED_FILE:-} ]]; then
    { echo "$PORT" >"$WP_STARTED_FILE"; } 2>/dev/null || log "cannot write WP_STARTED_FILE=$WP_STARTED_FILE"
  fi
fi

CURRENT_LOG=$LOGS/php-server.log
log "waiting until both users can sign in to the REST API"
for _ in $(seq 300); do
  credentials_ok && break
  php_running || fail "PHP's web server exited"
  sleep 0.1
done
credentials_ok || fail "GET $URL/wp-json/wp/v2/users/me?context=edit did not answer 200 to both users within 30 s (logs: $LOGS)"
log "WordPress $(php -n -r "include '$HTDOCS/wp-includes/version.php'; echo \$wp_version;") is ready at $URL (database $DB_NAME, $DB_KIND MariaDB)"
print_env
