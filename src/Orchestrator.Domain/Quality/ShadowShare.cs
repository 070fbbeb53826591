namespace Orchestrator.Domain.Quality;

/// <summary>
/// Which tasks a challenger shadows: a task is in the share when its id falls in the first <c>percent</c> of 100 buckets.
/// Task ids are random, so the realized share tracks the target; the choice is stable, so every run picks the same tasks.
/// </summary>
public static class ShadowShare
{
    public static bool Includes(Guid taskId, int percent)
    {
        if (percent is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(percent), "A share is 0–100 percent.");
        Span<byte> bytes = stackalloc byte[16];
        taskId.TryWriteBytes(bytes);
        return BitConverter.ToUInt32(bytes[..4]) % 100 < percent;
    }
}

/// <summary>
/// How a challenger compares, over the tasks it shadowed: agreement with the champion (the output that completed the
/// task) and, where a reviewer judged the task, with the reviewer (the corrected output, or the output they passed),
/// next to the champion's own agreement with the reviewer on those same tasks.
/// </summary>
public sealed record ShadowAgreement(int Runs, int Failed, Proportion WithChampion, Proportion WithReviewers, Proportion ChampionWithReviewers)
{
    /// <summary>One shadowed task: the challenger's answer (null when it failed), the champion's output, the reviewer's reference if any.</summary>
    public sealed record Observation(System.Text.Json.Nodes.JsonObject? Challenger, System.Text.Json.Nodes.JsonObject Champion, System.Text.Json.Nodes.JsonObject? Reviewed);

    public static ShadowAgreement Of(IReadOnlyList<string> outputFields, IReadOnlyCollection<Observation> observations)
    {
        var answered = observations.Where(o => o.Challenger is not null).ToList();
        var reviewed = answered.Where(o => o.Reviewed is not null).ToList();
        return new(observations.Count, observations.Count - answered.Count,
            Proportion.Of(answered.Count(o => OutputMatch.All(outputFields, o.Champion, o.Challenger)), answered.Count),
            Proportion.Of(reviewed.Count(o => OutputMatch.All(outputFields, o.Reviewed!, o.Challenger)), reviewed.Count),
            Proportion.Of(reviewed.Count(o => OutputMatch.All(outputFields, o.Reviewed!, o.Champion)), reviewed.Count));
    }
}
