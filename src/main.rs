//! The `paradup` command-line tool: a thin front end over the library.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run());
}

// The browser uses the library; there is no command line on wasm32.
#[cfg(target_arch = "wasm32")]
fn main() {}
