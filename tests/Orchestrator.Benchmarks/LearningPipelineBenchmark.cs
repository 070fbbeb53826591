using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The agent pipeline from a backlog twice in one run, on the same three yes/no steps: worked by zero-latency simulated
/// agents, then by the in-process learning agent with a trained champion per step (ML.NET prediction on every task).
/// </summary>
public static class LearningPipelineBenchmark
{
    public enum Agent { Simulated, Learning }

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 150;
        Console.WriteLine($"learning pipeline: {cases} cases x {PipelineBenchmark.Steps} yes/no agent steps from a backlog, {Environment.ProcessorCount} cores");
        var root = Path.Combine(Path.GetTempPath(), "ob-learnpipe-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var rates = new Dictionary<Agent, double>();
            foreach (var agent in new[] { Agent.Simulated, Agent.Learning })
            {
                var (done, escalated, elapsed, _) = await PipelineBenchmark.RunPipelineAsync(Path.Combine(root, agent.ToString()), cases, backlog: true, null, agent);
                rates[agent] = done / elapsed.TotalSeconds;
                Console.WriteLine($"{agent}: {done} agent tasks completed ({escalated} escalated) in {elapsed.TotalSeconds:0.0} s = {rates[agent]:0.0} tasks/s");
            }
            var ratio = rates[Agent.Learning] / rates[Agent.Simulated];
            Console.WriteLine($"RESULT learning pipeline: learning agent {rates[Agent.Learning]:0.0} tasks/s, simulated {rates[Agent.Simulated]:0.0} tasks/s, ratio {ratio:0.00} aim >= 0.8 -> {(ratio >= 0.8 ? "MET" : "MISSED")}");
            Console.WriteLine($"load average at the end {ClaimsBenchmark.LoadAverage()}");
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A champion for the learner at every bench step, trained on synthetic yes/no decisions and stored as the app stores one.</summary>
    public static async Task TrainChampionsAsync(IServiceProvider services)
    {
        var registry = services.GetRequiredService<ModelRegistry>();
        var contexts = services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>();
        var catalog = services.GetRequiredService<WorkflowCatalog>();
        await using var db = await contexts.CreateDbContextAsync();
        var version = (await catalog.LatestPublishedAsync(db, PipelineBenchmark.WorkflowKey))!.Value.Version;
        var now = DateTime.UtcNow;
        var random = new Random(3);
        string[] words = ["fine", "broken", "late", "missing"];
        foreach (var step in version.Steps)
        {
            var examples = Enumerable.Range(0, 400).Select(i =>
            {
                var word = words[random.Next(words.Length)];
                var bytes = new byte[16];
                random.NextBytes(bytes);
                return new LabelledExample(new Guid(bytes), new JsonObject { ["text"] = $"case {i} {word}" }, new JsonObject { ["ok"] = word == "fine" }, now.AddMinutes(-i));
            }).ToList();
            var trained = StepModelTrainer.Train(step, examples, new LearningSettings(), out _);
            var relative = ModelRegistry.RelativeFolder(PipelineBenchmark.LearnerKey, PipelineBenchmark.WorkflowKey, step.Key, 1);
            registry.Save(trained.Model, relative);
            var model = ModelVersion.Create(Guid.NewGuid(), PipelineBenchmark.LearnerKey, PipelineBenchmark.WorkflowKey, step.Key, 1, trained.TrainingSize, trained.From, trained.To,
                StepModelTrainer.TrainerName, trained.Metrics, trained.Model.Calibration, trained.Curve, trained.Ece, LearningTargets.Fields(step).Select(f => f.Key).ToList(),
                trained.Model.Layout, relative, now);
            model.Promote("bench", now);
            db.ModelVersions.Add(model);
        }
        await db.SaveChangesAsync();
    }
}
