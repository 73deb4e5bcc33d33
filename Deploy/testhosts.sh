#!/usr/bin/env bash
# Test hosts on one machine: each is a network namespace with its own sshd and host key, a private /tmp,
# /root and /run, its own hostname, and an empty read-only /opt/swift (no Swift toolchain on the host).
#
#   Deploy/testhosts.sh up N      bring up hosts h1..hN (tears down old ones first)
#   Deploy/testhosts.sh down      tear everything down
#   Deploy/testhosts.sh status    list hosts and whether their sshd answers
#
# Writes, under $FANOUT_TESTHOSTS_DIR (default /var/lib/fanout-testhosts):
#   client_ed25519        the client key every host accepts
#   known_hosts           the hosts' keys (by address)
#   ssh_config            Host h1..hN entries (HostName, User, IdentityFile, UserKnownHostsFile)
#   hosts                 one line per host: name address
# Addresses are in 10.231.47.0/24, on a bridge with no route anywhere else. Needs root, iproute2, openssh-server.
set -euo pipefail

STATE=${FANOUT_TESTHOSTS_DIR:-/var/lib/fanout-testhosts}
BRIDGE=fobr0
SUBNET=10.231.47
PREFIX=fanout-h

address() { echo "$SUBNET.$((10 + $1))"; }

down() {
  if [ -d "$STATE" ]; then
    for pidfile in "$STATE"/h*/sshd.pid; do
      [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
  fi
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX" || true); do
    # Everything still running in the namespace (agents, tests) goes with it.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^fo-h' || true); do
    ip link del "$link" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  if [ -d /run/netns ] && [ -z "$(ls -A /run/netns 2>/dev/null)" ]; then
    umount /run/netns 2>/dev/null || true
  fi
  rm -rf "$STATE"
}

up() {
  local count=$1
  down
  # The hosts run tests with this machine's Python. When it lives under /root (pyenv), the private /root
  # would hide it, so that tree is bound into each host read-only at the same path.
  local python_bin python_tree=""
  python_bin=$(python3 -c 'import os, sys; print(os.path.dirname(os.path.realpath(sys.executable)))')
  case "$python_bin" in
    /root/*) python_tree="/root/$(echo "${python_bin#/root/}" | cut -d/ -f1)" ;;
  esac
  mkdir -p "$STATE"
  chmod 755 "$STATE"
  ssh-keygen -q -t ed25519 -N '' -C fanout-test-client -f "$STATE/client_ed25519"
  cp "$STATE/client_ed25519.pub" "$STATE/authorized_keys"
  : >"$STATE/known_hosts"
  : >"$STATE/ssh_config"
  : >"$STATE/hosts"

  ip link add "$BRIDGE" type bridge
  ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up

  for i in $(seq 1 "$count"); do
    local name="h$i" ns="$PREFIX$i" addr
    addr=$(address "$i")
    mkdir -p "$STATE/$name"
    ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$STATE/$name/ssh_host_ed25519_key"
    cat >"$STATE/$name/sshd_config" <<CONF
Port 22
ListenAddress $addr
HostKey $STATE/$name/ssh_host_ed25519_key
PidFile $STATE/$name/sshd.pid
AuthorizedKeysFile $STATE/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
UseDNS no
MaxSessions 64
MaxStartups 200
AcceptEnv LANG LC_*
SetEnv PATH=$python_bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
Subsystem sftp internal-sftp
CONF
    ip netns add "$ns"
    ip link add "fo-$name" type veth peer name eth0 netns "$ns"
    ip link set "fo-$name" master "$BRIDGE"
    ip link set "fo-$name" up
    ip netns exec "$ns" ip addr add "$addr/24" dev eth0
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip link set lo up
    # A private mount and UTS namespace: own hostname, /tmp, /root, /run and /dev/shm (as a real host has; a
    # shared one would show each host the others' and this machine's files), and no Swift toolchain.
    mkdir -p "$STATE/$name/python"
    ip netns exec "$ns" unshare -m -u --propagation private sh -c "
      set -e
      hostname $name
      if [ -n '$python_tree' ]; then mount --bind '$python_tree' '$STATE/$name/python'; fi
      mount -t tmpfs -o mode=1777 tmpfs /tmp
      mount -t tmpfs -o mode=700 tmpfs /root
      if [ -n '$python_tree' ]; then
        mkdir -p '$python_tree'
        mount --bind '$STATE/$name/python' '$python_tree'
        mount -o remount,bind,ro '$python_tree'
      fi
      mount -t tmpfs -o mode=755 tmpfs /run
      mount -t tmpfs -o mode=1777,size=1g tmpfs /dev/shm
      mkdir -p /run/sshd
      if [ -d /opt/swift ]; then mount -t tmpfs -o ro,mode=755 tmpfs /opt/swift; fi
      exec /usr/sbin/sshd -f $STATE/$name/sshd_config
    "
    echo "$addr $(cut -d' ' -f1,2 "$STATE/$name/ssh_host_ed25519_key.pub")" >>"$STATE/known_hosts"
    cat >>"$STATE/ssh_config" <<CONF
Host $name
    HostName $addr
    User root
    IdentityFile $STATE/client_ed25519
    UserKnownHostsFile $STATE/known_hosts

CONF
    echo "$name $addr" >>"$STATE/hosts"
  done

  # Wait until every sshd accepts connections.
  for i in $(seq 1 "$count"); do
    local addr
    addr=$(address "$i")
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/$addr/22") 2>/dev/null; then break; fi
      sleep 0.05
    done
  done
  echo "test hosts up: $(cut -d' ' -f1 "$STATE/hosts" | tr '\n' ' ')(state in $STATE)"
}

status() {
  [ -f "$STATE/hosts" ] || { echo "no test hosts"; return 0; }
  while read -r name addr; do
    if ssh -n -F "$STATE/ssh_config" -o BatchMode=yes -o ConnectTimeout=2 "$name" true 2>/dev/null; then
      echo "$name $addr up"
    else
      echo "$name $addr DOWN"
    fi
  done <"$STATE/hosts"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  down) down; echo "test hosts down" ;;
  status) status ;;
  *) echo "usage: $0 up N | down | status" >&2; exit 2 ;;
esac
