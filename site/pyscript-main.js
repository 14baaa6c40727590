// Starts PyScript, adjusted to this page. Importing core.js runs it; the code below runs at once
// after, before any interpreter has loaded (that takes a download and a compilation).
import { hooks } from "./pyscript/core.js";

// PyScript composes its worker hooks with Function() when it starts a script, even on the main
// thread, and ships one default worker hook: that would need 'unsafe-eval', which the page's
// Content-Security-Policy does not allow. The page runs its Python on the main thread only.
hooks.worker.onBeforeRunAsync.clear();

// The interpreter starts while TF.js (deferred scripts after this one) may still be downloading.
// The page's Python needs TF.js: it waits for it, after PyScript's own start-up code.
hooks.main.codeBeforeRunAsync.add("import js\nawait js.deferredScriptsRun\ndel js\n");
