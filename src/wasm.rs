//! WebAssembly bindings (filled in by the browser work).
