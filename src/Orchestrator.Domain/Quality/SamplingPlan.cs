namespace Orchestrator.Domain.Quality;

/// <summary>
/// How many of a stratum's completed agent outputs (one step, agent profile and version, one period) should be under
/// review by now: the sample rate of those completed, rounded up, and never fewer than the policy's minimum while that
/// many exist. Deficit-based rather than a coin flip per task, so the realized rate tracks the target closely.
/// </summary>
public static class SamplingPlan
{
    public static int Target(double sampleRate, int minimumSamples, int completed)
    {
        if (completed <= 0) return 0;
        var byRate = (int)Math.Ceiling(Math.Clamp(sampleRate, 0, 1) * completed - 1e-9);
        return Math.Min(completed, Math.Max(byRate, Math.Max(0, minimumSamples)));
    }

    /// <summary>How many more to take now, given how many of the period's outputs are already under review.</summary>
    public static int ToTake(double sampleRate, int minimumSamples, int completed, int alreadySampled) =>
        Math.Max(0, Target(sampleRate, minimumSamples, completed) - alreadySampled);
}
