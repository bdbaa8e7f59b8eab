# Shared helpers for the scripts in this folder. Sourced, not run.

step() { printf '\n==> %s\n' "$*"; }

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# rustfmt and clippy are rustup components; install them when missing.
ensure_rust_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust from https://rustup.rs and retry"
  if command -v rustup >/dev/null; then
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  fi
}
