namespace Orchestrator.Infrastructure.Learning;

/// <summary>Bound from the "Learning" section.</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";
    /// <summary>Where model files live; set from the data folder ("models" inside it).</summary>
    public string ModelsFolder { get; set; } = "";
    /// <summary>Cron of the recurring retraining of every learning agent's steps (empty: on demand only).</summary>
    public string RetrainCron { get; set; } = "*/15 * * * *";
}
