#!/usr/bin/env bash
# Prove the README's two commands on a bare Debian 12: in a chroot made by
# `debootstrap --variant=minbase bookworm` with only python3, python3-venv, git and
# ca-certificates, a fresh `git clone` of the repository's committed HEAD runs
#
#     ./setup.sh
#     .venv/bin/python -m pytest
#
# and this script exits non-zero if either fails. The clone sits in /src/newsbrief with a copy of
# ../shared beside it, without write bits, as CI has it. Run as root on a Debian/Ubuntu host.
#
#   scripts/fresh-machine.sh              reuse the base system if built, always a fresh clone
#   scripts/fresh-machine.sh --rebuild    debootstrap the base system again first
#   options: --workdir DIR (default /var/tmp/newsbrief-fresh), --repo DIR (default: the
#            repository this script lives in), --shared DIR (default: REPO/../shared),
#            --mirror URL (default: the Debian mirror the host's apt uses)
#
# Layout of the work dir: base/ is the pristine bare system (built once, never run in), run/ a copy
# of it made anew at every run (the last one is left for inspection and removed by the next run),
# logs/ the output of both commands. Nothing of the host's pip configuration or wheels goes in:
# the chroot installs from PyPI as a fresh machine does. A run takes 8-13 minutes on 2 cores.
set -euo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }

workdir=/var/tmp/newsbrief-fresh
repo=""
shared=""
mirror="${NEWSBRIEF_FRESH_MIRROR:-}"
rebuild=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild) rebuild=1 ;;
    --workdir) workdir="$2"; shift ;;
    --repo) repo="$2"; shift ;;
    --shared) shared="$2"; shift ;;
    --mirror) mirror="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fresh-machine.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\033[1m[fresh %s] %s\033[0m\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "fresh-machine.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap, chroot and mount need it)"
repo="$(git -C "${repo:-$(dirname "$0")}" rev-parse --show-toplevel)"
shared="${shared:-$(dirname "$repo")/shared}"
workdir="$(mkdir -p "$workdir" && cd "$workdir" && pwd -P)"
case "$workdir/" in
  "$repo"/*) die "the work dir must be outside the repository ($workdir)" ;;
  /|/tmp/|/var/|/var/tmp/|/root/|/home/) die "refusing work dir $workdir: give a folder of its own" ;;
esac
base="$workdir/base"
run="$workdir/run"
logs="$workdir/logs"
SUITE=bookworm

# --- mounts: never remove a tree that has anything mounted under it --------------------------
mounts_under() {  # mount points at or below $1, deepest first
  awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}
kill_chroot_processes() {  # processes left running inside $1 (started by this script's commands)
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$1" ] && kill -KILL "$pid" 2>/dev/null || true
  done
}
unmount_all() {
  local m
  kill_chroot_processes "$1"
  for m in $(mounts_under "$1"); do
    umount "$m" 2>/dev/null || umount -l "$m" || true
  done
}
remove_tree() {
  unmount_all "$1"
  [ -z "$(mounts_under "$1")" ] || die "still mounted under $1: $(mounts_under "$1" | tr '\n' ' ')"
  rm -rf --one-file-system "$1"
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  unmount_all "$run"
  unmount_all "$base"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the base system: debootstrap once, then only the four packages of a bare machine --------
host_repo() {  # the URI the host's apt uses for release $1
  apt-get indextargets --format '$(RELEASE) $(REPO_URI)' 2>/dev/null | awk -v r="$1" '$1 == r { print $2; exit }'
}
if [ "$rebuild" -eq 1 ] || [ ! -e "$base/.fresh-base-complete" ]; then
  command -v debootstrap >/dev/null 2>&1 || {
    say "installing debootstrap on the host"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  mirror="${mirror:-$(host_repo "$SUITE")}"
  mirror="${mirror:-http://deb.debian.org/debian/}"
  security="$(host_repo "$SUITE-security")"
  remove_tree "$base"
  say "debootstrap --variant=minbase $SUITE $base $mirror"
  t0=$SECONDS
  debootstrap --variant=minbase "$SUITE" "$base" "$mirror" >"$workdir/debootstrap.log" 2>&1 \
    || { tail -20 "$workdir/debootstrap.log" >&2; die "debootstrap failed (log: $workdir/debootstrap.log)"; }
  {
    echo "deb $mirror $SUITE main"
    echo "deb $mirror $SUITE-updates main"
    [ -z "$security" ] || echo "deb $security $SUITE-security main"
  } >"$base/etc/apt/sources.list"
  # What any installed machine has and debootstrap leaves out: a name for loopback.
  [ -s "$base/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$base/etc/hosts"
  cp /etc/resolv.conf "$base/etc/resolv.conf"
  mount -t proc proc "$base/proc"
  chroot "$base" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 python3-venv git ca-certificates && apt-get clean' \
    >"$workdir/base-packages.log" 2>&1 || { umount "$base/proc"; tail -20 "$workdir/base-packages.log" >&2; die "installing the base packages failed"; }
  umount "$base/proc"
  touch "$base/.fresh-base-complete"
  say "base system ready in $((SECONDS - t0)) s"
fi

# --- this run: a copy of the base, a fresh clone, shared/ beside it, the kernel file systems --
remove_tree "$run"
say "copying the base system to $run"
cp -a "$base" "$run"
rm -f "$run/.fresh-base-complete"
cp /etc/resolv.conf "$run/etc/resolv.conf"
# The network's trust, as every machine of this workplace has it: where the host trusts local CA
# certificates (a TLS-inspecting egress proxy), so does the chroot, and the host's variables that
# point clients at the system bundle are passed on. Only that: no pip configuration, no wheels.
tls_env=()
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$run/usr/local/share/ca-certificates/"
  chroot "$run" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed in the chroot"
fi
for v in PIP_CERT REQUESTS_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE GIT_SSL_CAINFO NODE_EXTRA_CA_CERTS; do
  case "${!v:-}" in /etc/ssl/*) tls_env+=("$v=${!v}") ;; esac
done

commit="$(git -C "$repo" rev-parse HEAD)"
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] \
  || say "note: $repo has uncommitted changes; only the committed HEAD is tested"
say "cloning $repo at $commit"
mkdir -p "$run/src"
git clone --quiet --no-hardlinks --no-checkout "$repo" "$run/src/newsbrief"
git -C "$run/src/newsbrief" -c advice.detachedHead=false checkout --quiet --detach "$commit"
if [ -d "$shared" ]; then
  cp -a "$shared" "$run/src/shared"
  chmod -R a-w "$run/src/shared"
else
  say "note: no $shared; the tests that read it will skip"
fi

mount -t proc proc "$run/proc"
mount -t sysfs sysfs "$run/sys"
mount --bind /dev "$run/dev"
mount --bind /dev/pts "$run/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$run/dev/shm"

# --- the README's two commands, as root in a login-like clean environment ---------------------
mkdir -p "$logs"
in_chroot() {  # run "$1" in /src/newsbrief inside the chroot, output to the screen and $logs/$2.log
  # Run in the background so that a signal to this script ends the run at once (cleanup). Bash
  # starts background commands with SIGINT and SIGQUIT ignored, which Python and so the tests of
  # Ctrl+C would inherit: env --default-signal gives them the defaults back.
  env --default-signal=INT,QUIT chroot "$run" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb "${tls_env[@]}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd /src/newsbrief && $1" </dev/null > >(tee "$logs/$2.log") 2>&1 &
  wait "$!"
}
say "running ./setup.sh"
t0=$SECONDS
setup_rc=0; in_chroot ./setup.sh setup || setup_rc=$?
setup_s=$((SECONDS - t0))
tests_rc=skipped; tests_s=0
if [ "$setup_rc" -eq 0 ]; then
  say "running .venv/bin/python -m pytest"
  t0=$SECONDS
  tests_rc=0; in_chroot ".venv/bin/python -m pytest" pytest || tests_rc=$?
  tests_s=$((SECONDS - t0))
fi

say "commit $commit"
say "./setup.sh                     exit $setup_rc in ${setup_s} s (log: $logs/setup.log)"
say ".venv/bin/python -m pytest     exit $tests_rc in ${tests_s} s (log: $logs/pytest.log)"
[ "$setup_rc" -eq 0 ] && [ "$tests_rc" = 0 ]
