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
        if (e.altKey || (typing(e.target) && !(withCtrl && e.key === "Enter"))) return;
        const key = (withCtrl ? "ctrl+" : "") + e.key.toLowerCase();
        handler.invokeMethodAsync("OnShortcut", key).then(function (handled) { if (handled) e.preventDefault(); });
    });
    return {
        register: function (dotnet) { handler = dotnet; },
        unregister: function (dotnet) { if (handler === dotnet) handler = null; }
    };
})();
