using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;

namespace Orchestrator.Infrastructure.Quality.Golden;

public enum GoldenSource { Entered, Imported, Review }

/// <summary>One labelled example of a step's golden set: an input and the output the step should produce from it.</summary>
public sealed class GoldenExample
{
    public long Id { get; set; }
    public string WorkflowKey { get; set; } = "";
    public string StepKey { get; set; } = "";
    public string InputJson { get; set; } = "{}";
    public string ExpectedJson { get; set; } = "{}";
    public GoldenSource Source { get; set; }
    /// <summary>The agent task whose reviewed output this example was taken from, if any (at most one example each).</summary>
    public Guid? ReviewedTaskId { get; set; }
    public string AddedBy { get; set; } = "";
    public DateTime AddedAt { get; set; }

    public JsonObject Input => DomainJson.ParseObject(InputJson);
    public JsonObject Expected => DomainJson.ParseObject(ExpectedJson);
}

public enum GoldenRunStatus { Queued, Running, Finished, Failed }

/// <summary>How one example went in a golden-set run.</summary>
public sealed record GoldenExampleResult(long ExampleId, JsonObject? Output, double? Confidence, bool Correct, IReadOnlyList<string> WrongFields, string? Failure);

/// <summary>
/// One run of an agent profile (at one model version) against a step's golden set: who started it and when, and once
/// finished, its accuracy overall and per field with the per-example results.
/// </summary>
public sealed class GoldenRun
{
    public long Id { get; set; }
    public string WorkflowKey { get; set; } = "";
    public string StepKey { get; set; } = "";
    public string AgentProfileKey { get; set; } = "";
    public string AgentVersion { get; set; } = "";
    public string StartedBy { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public GoldenRunStatus Status { get; set; }
    public int Examples { get; set; }
    public int Correct { get; set; }
    /// <summary>The overall accuracy's Wilson 95% interval.</summary>
    public double Low { get; set; }
    public double High { get; set; }
    public string FieldsJson { get; set; } = "[]";
    public string ResultsJson { get; set; } = "[]";
    /// <summary>What the agent calls cost: evaluation cost, not charged to any case.</summary>
    public decimal Cost { get; set; }
    public string? Failure { get; set; }

    public Proportion Accuracy => Status == GoldenRunStatus.Finished ? new(Correct, Examples, Low, High) : Proportion.Of(0, 0);
    public IReadOnlyList<FieldAccuracy> Fields => DomainJson.Deserialize<List<FieldAccuracy>>(FieldsJson);
    public IReadOnlyList<GoldenExampleResult> Results => DomainJson.Deserialize<List<GoldenExampleResult>>(ResultsJson);
    public bool Passes(double threshold) => Status == GoldenRunStatus.Finished && new MatchScore(Accuracy, []).Passes(threshold);
}

internal sealed class GoldenExampleConfiguration : IEntityTypeConfiguration<GoldenExample>
{
    public void Configure(EntityTypeBuilder<GoldenExample> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.WorkflowKey, x.StepKey, x.Id });
        b.HasIndex(x => x.ReviewedTaskId).IsUnique();
        b.Ignore(x => x.Input);
        b.Ignore(x => x.Expected);
    }
}

internal sealed class GoldenRunConfiguration : IEntityTypeConfiguration<GoldenRun>
{
    public void Configure(EntityTypeBuilder<GoldenRun> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.WorkflowKey, x.StepKey, x.AgentProfileKey, x.StartedAt });
        b.Ignore(x => x.Accuracy);
        b.Ignore(x => x.Fields);
        b.Ignore(x => x.Results);
    }
}
