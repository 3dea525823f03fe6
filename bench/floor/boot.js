import init from "./zadig-floor.js";
await init({ module_or_path: new URL("./zadig-floor_bg.wasm", import.meta.url) });
