// PyScript composes its worker hooks with Function() when it starts a script, even on the main
// thread, and ships one default worker hook: that would need 'unsafe-eval', which the page's
// Content-Security-Policy does not allow. This page runs its Python on the main thread only, so
// drop that hook; it runs after core.js is evaluated and before any interpreter has loaded.
import { hooks } from "./pyscript/core.js";

hooks.worker.onBeforeRunAsync.clear();
