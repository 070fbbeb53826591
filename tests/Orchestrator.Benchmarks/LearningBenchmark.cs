using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Learning;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The learning agent's model on the demo's synthetic triage decisions: training time and prediction latency at each
/// training-set size, with the held-out accuracy and how many answers clear common confidence thresholds.
/// </summary>
public static class LearningBenchmark
{
    private const int Predictions = 2_000;

    public static int Run(string[] args)
    {
        if (args.Length > 1 && args[0] == "--seeds") return Curve(int.Parse(args[1]), args.Skip(2).Select(int.Parse).DefaultIfEmpty(450).ToList());
        var sizes = args.Select(a => int.TryParse(a, out var n) ? n : 0).Where(n => n > 0).DefaultIfEmpty(1_000).ToList();
        if (args.Length == 0) sizes = [1_000, 10_000, 100_000];
        var intake = AutoClaimsWorkflow.Steps().Single(s => s.Key == "intake");
        var settings = new LearningSettings { MinPerClass = 5 };
        Console.WriteLine($"learning: step '{intake.Name}', trainer {StepModelTrainer.TrainerName}, {Environment.ProcessorCount} cores");
        var probes = Examples(Predictions, seed: 99);
        foreach (var size in sizes)
        {
            var examples = Examples(size, seed: 5);
            var clock = Stopwatch.StartNew();
            var trained = StepModelTrainer.Train(intake, examples, settings, out _);
            var training = clock.Elapsed;

            trained.Model.Predict(probes[0].Input); // the first call builds the prediction engines
            var latencies = new List<double>(probes.Count);
            foreach (var probe in probes)
            {
                var started = Stopwatch.GetTimestamp();
                trained.Model.Predict(probe.Input);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            latencies.Sort();
            var coverage = string.Join(", ", new[] { 0.6, 0.75, 0.9 }.Select(t => Coverage(trained.Model, probes, intake, t)));
            Console.WriteLine($"RESULT learning n={size}: trained on {trained.TrainingSize} in {training.TotalSeconds:0.00} s; predict p50 {Pct(latencies, 0.5):0} µs p95 {Pct(latencies, 0.95):0} µs p99 {Pct(latencies, 0.99):0} µs; " +
                              $"held-out accuracy {trained.Metrics.Accuracy:P1} ({string.Join(", ", trained.Metrics.FieldAccuracy.Select(f => $"{f.Key} {f.Value:P0}"))}; majority {trained.Metrics.MajorityBaseline:P1}), ECE {trained.Ece:F3}; answers at or above threshold (share, accuracy): {coverage}");
        }
        return 0;
    }

    /// <summary>
    /// The learning curve the demo history depends on, averaged over several synthetic data sets (one seed each): held-out
    /// accuracy, and the share of fresh claims answered at the triage step's 0.75 threshold with how many of those are right.
    /// </summary>
    private static int Curve(int seeds, IReadOnlyList<int> sizes)
    {
        var intake = AutoClaimsWorkflow.Steps().Single(s => s.Key == "intake");
        var fields = LearningTargets.Fields(intake);
        var settings = new LearningSettings { MinPerClass = 5 };
        var probes = Examples(1_000, seed: 99);
        foreach (var size in sizes)
        {
            var runs = Enumerable.Range(1, seeds).Select(seed =>
            {
                var trained = StepModelTrainer.Train(intake, Examples(size, seed: seed * 7 + 5), settings, out _);
                var answered = probes.Select(p => (Prediction: trained.Model.Predict(p.Input), p.Output)).Where(x => x.Prediction.Confidence >= 0.75).ToList();
                var right = answered.Count(x => StepModelTrainer.AllRight(fields, x.Prediction.Output, x.Output));
                return (trained.Metrics.Accuracy, Coverage: (double)answered.Count / probes.Count, Right: answered.Count == 0 ? 0 : (double)right / answered.Count);
            }).ToList();
            Console.WriteLine($"RESULT learning curve n={size} ({seeds} data sets): held-out accuracy {runs.Average(r => r.Accuracy):P1}; " +
                              $"answered at 0.75 {runs.Average(r => r.Coverage):P1} (lowest {runs.Min(r => r.Coverage):P0}) at {runs.Average(r => r.Right):P1} right");
        }
        return 0;
    }

    /// <summary>Demo claims with their intake ground truth as the label, ids from a seed (the held-out split is by id).</summary>
    public static List<LabelledExample> Examples(int count, int seed)
    {
        var claims = new DemoClaims(seed);
        var ids = new Random(seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return Enumerable.Range(0, count).Select(i =>
        {
            var (payload, truth) = claims.Next();
            var bytes = new byte[16];
            ids.NextBytes(bytes);
            return new LabelledExample(new Guid(bytes), payload, (JsonObject)truth["intake"]!.DeepClone(), start.AddMinutes(i));
        }).ToList();
    }

    private static string Coverage(StepModel model, IReadOnlyList<LabelledExample> probes, Domain.Workflows.StepDefinition step, double threshold)
    {
        var fields = LearningTargets.Fields(step);
        var answered = probes.Select(p => (Prediction: model.Predict(p.Input), p.Output)).Where(x => x.Prediction.Confidence >= threshold).ToList();
        var right = answered.Count(x => StepModelTrainer.AllRight(fields, x.Prediction.Output, x.Output));
        return $"≥{threshold:0.00}: {(double)answered.Count / probes.Count:P0} at {(answered.Count == 0 ? 0 : (double)right / answered.Count):P1}";
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
