namespace Orchestrator.Web.Components.Shared;

/// <summary>A table row that stays the same object while its item is reloaded; <see cref="Value"/> is the item as last read.</summary>
public sealed class StableRow<T>(T value)
{
    public T Value { get; internal set; } = value;
}

/// <summary>
/// Keeps a live table's rows the same objects across reloads, matched by each item's key. MudTable keys its rows by
/// item (<c>@key</c>): fresh items from every reload (new entities, or records whose figures changed) would make it
/// throw away each row's elements and build them again, so a click landing while a reload renders would find its
/// button gone. With stable rows a reload only updates the cells that changed.
/// </summary>
public sealed class StableRows<TKey, T>(Func<T, TKey> keyOf) where TKey : notnull
{
    private Dictionary<TKey, StableRow<T>> _rows = [];

    public IReadOnlyList<StableRow<T>> Current { get; private set; } = [];

    /// <summary>The rows for these items, in their order: a known key keeps its row (with the new item), a new key gets a new row.</summary>
    public IReadOnlyList<StableRow<T>> Update(IEnumerable<T> items)
    {
        var next = new Dictionary<TKey, StableRow<T>>();
        var rows = new List<StableRow<T>>();
        foreach (var item in items)
        {
            var key = keyOf(item);
            if (!next.TryAdd(key, _rows.TryGetValue(key, out var kept) ? kept : new StableRow<T>(item))) continue; // a key listed twice shows once
            next[key].Value = item;
            rows.Add(next[key]);
        }
        _rows = next;
        return Current = rows;
    }
}
