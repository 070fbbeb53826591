// Keyboard shortcuts for the work portal. A page registers a .NET object; keys typed outside text fields call it.
window.orchestrator = window.orchestrator || {};
window.orchestrator.shortcuts = (function () {
    let handler = null;
    function typing(target) {
        const tag = (target && target.tagName || "").toLowerCase();
        return tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable);
    }
    document.addEventListener("keydown", function (e) {
        if (!handler) return;
        const withCtrl = e.ctrlKey || e.metaKey;
        // ctrl+enter and ctrl+s work inside fields too (complete a form, save a draft); the browser's own save is never wanted here.
        const anywhere = withCtrl && (e.key === "Enter" || e.key === "s");
        if (e.altKey || (typing(e.target) && !anywhere)) return;
        if (withCtrl && e.key === "s") e.preventDefault();
        const key = (withCtrl ? "ctrl+" : "") + e.key.toLowerCase();
        handler.invokeMethodAsync("OnShortcut", key).then(function (handled) { if (handled) e.preventDefault(); });
    });
    return {
        register: function (dotnet) { handler = dotnet; },
        unregister: function (dotnet) { if (handler === dotnet) handler = null; }
    };
})();
