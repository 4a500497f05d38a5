// Loads bench/validate_bench.cpp's standalone .wasm (the response scanner alone, built by
// scripts/bench.sh) in Node or a browser: { load(arrayBuffer), run() -> item count or -1 }.
// Its only imports (memory-growth notice, proc_exit) are never called on a valid page; the
// stubs throw if one is.

/** Where scripts/bench.sh builds it (served as /build-bench/validate_bench.wasm to the browser). */
export const VALIDATOR_WASM = new URL('../build-bench/validate_bench.wasm', import.meta.url);
export async function loadValidator(wasmBytes) {
  const module = await WebAssembly.compile(wasmBytes);
  const imports = {};
  for (const { module: m, name } of WebAssembly.Module.imports(module)) {
    imports[m] ??= {};
    imports[m][name] =
      name === 'emscripten_notify_memory_growth'
        ? () => {}
        : () => {
            throw new Error(`validate_bench.wasm called ${m}.${name}`);
          };
  }
  const { exports } = await WebAssembly.instantiate(module, imports);
  exports._initialize?.();
  return {
    load(buf) {
      const bytes = new Uint8Array(buf);
      const at = exports.zsw_bench_buffer(bytes.length);
      new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
    },
    run: () => exports.zsw_bench_validate(),
  };
}
