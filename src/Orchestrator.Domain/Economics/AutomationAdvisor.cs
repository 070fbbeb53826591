using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Economics;

/// <summary>
/// What one step's work costs, as measured: the inputs of the automation advisor, shown beside its answer so a person
/// can redo the arithmetic. Accuracy is passes out of reviewed agent outputs; the advisor uses its lower 95% bound.
/// </summary>
public sealed record AdvisorInputs(decimal HumanCostPerTask, decimal AgentCostPerTask, decimal ReviewCostPerReview, Proportion Accuracy,
    decimal CostOfError, double SampleRate, double TasksPerMonth)
{
    /// <summary>P(an agent output is wrong), from the lower confidence bound of accuracy: 1 when nothing was reviewed yet.</summary>
    public double ErrorProbability => 1 - Accuracy.Low;
}

/// <summary>Expected cost per task at one agent share (0–100) and oversight, and the errors expected to reach the outcome.</summary>
public sealed record CostPoint(int AgentShare, Oversight Oversight, decimal CostPerTask, double ErrorsPerTask);

/// <summary>
/// The accuracy at which agent work under <see cref="Oversight"/> costs what human work costs. Null when accuracy does not
/// decide it: <see cref="Meaning"/> says why.
/// </summary>
public sealed record BreakEven(Oversight Oversight, double? Accuracy, string Meaning);

public sealed record Advice(AdvisorInputs Inputs, IReadOnlyList<CostPoint> Grid, IReadOnlyList<BreakEven> BreakEvens, CostPoint Recommended, string Why);

/// <summary>
/// PRODUCT.md, "Economics": expected cost per task = agent cost + review cost + P(error slips through) × cost of an error,
/// against the human alternative. Human work is taken as correct (it is not sampled). Oversight None lets every agent
/// error through; Sampled reviews the step's sample rate of agent outputs and catches the errors among them; ReviewAll
/// reviews (and catches) all.
/// </summary>
public static class AutomationAdvisor
{
    public static readonly IReadOnlyList<int> Shares = [0, 25, 50, 75, 90, 100];
    public static readonly IReadOnlyList<Oversight> OversightLevels = [Oversight.None, Oversight.Sampled, Oversight.ReviewAll];

    /// <summary>Share of agent outputs a person reviews under the oversight.</summary>
    public static double ReviewRate(Oversight oversight, double sampleRate) => oversight switch
    {
        Oversight.None => 0,
        Oversight.Sampled => Math.Clamp(sampleRate, 0, 1),
        _ => 1,
    };

    /// <summary>Expected cost of one task done by an agent under the oversight, errors included.</summary>
    public static decimal AgentTaskCost(AdvisorInputs i, Oversight oversight)
    {
        var review = ReviewRate(oversight, i.SampleRate);
        return i.AgentCostPerTask + (decimal)review * i.ReviewCostPerReview + (decimal)(i.ErrorProbability * (1 - review)) * i.CostOfError;
    }

    public static CostPoint Cost(AdvisorInputs i, int agentShare, Oversight oversight)
    {
        var a = Math.Clamp(agentShare, 0, 100) / 100m;
        var errors = (double)a * i.ErrorProbability * (1 - ReviewRate(oversight, i.SampleRate));
        return new CostPoint(agentShare, oversight, decimal.Round(a * AgentTaskCost(i, oversight) + (1 - a) * i.HumanCostPerTask, 4), errors);
    }

    public static BreakEven BreakEvenFor(AdvisorInputs i, Oversight oversight)
    {
        var review = ReviewRate(oversight, i.SampleRate);
        var saving = i.HumanCostPerTask - i.AgentCostPerTask - (decimal)review * i.ReviewCostPerReview;
        var slip = 1 - review;
        if (slip <= 0 || i.CostOfError <= 0)
            return new(oversight, null, saving > 0 ? "Agents cost less at any accuracy: errors cost nothing here." : "Agents cost more at any accuracy.");
        var accuracy = 1 - (double)(saving / ((decimal)slip * i.CostOfError));
        return accuracy switch
        {
            > 1 => new(oversight, null, "Agents cost more even when always right."),
            <= 0 => new(oversight, 0, "Agents cost less at any accuracy."),
            _ => new(oversight, accuracy, $"Agents pay off above {accuracy:P1} accuracy."),
        };
    }

    /// <summary>
    /// The cheapest share and oversight on the grid; a tie keeps more humans, then more oversight. With no agent work,
    /// oversight has nothing to oversee: the recommendation says None.
    /// </summary>
    public static Advice Advise(AdvisorInputs i)
    {
        var grid = Shares.SelectMany(s => OversightLevels.Select(o => Cost(i, s, o))).ToList();
        var best = grid.OrderBy(p => p.CostPerTask).ThenBy(p => p.AgentShare).ThenByDescending(p => p.Oversight).First();
        if (best.AgentShare == 0) best = best with { Oversight = Oversight.None };
        var human = Cost(i, 0, Oversight.None).CostPerTask;
        var why = best.AgentShare == 0
            ? $"Human work at {human:C2} a task is cheapest: the cheapest agent path costs {OversightLevels.Min(o => AgentTaskCost(i, o)):C2} with errors priced in."
            : $"{best.AgentShare}% agent with {best.Oversight} oversight costs {best.CostPerTask:C2} a task against {human:C2} for people, " +
              $"counting P(error) {i.ErrorProbability:P1} (lower bound of {i.Accuracy.Successes} right of {i.Accuracy.Trials} checked).";
        return new Advice(i, grid, [.. OversightLevels.Select(o => BreakEvenFor(i, o))], best, why);
    }

    /// <summary>What a month costs at the current staffing beyond the recommendation (0 when the current one is as cheap).</summary>
    public static decimal MonthlyCostOfKeeping(Advice advice, int currentShare, Oversight currentOversight)
    {
        var current = Cost(advice.Inputs, currentShare, currentOversight).CostPerTask;
        return decimal.Round(Math.Max(0, current - advice.Recommended.CostPerTask) * (decimal)advice.Inputs.TasksPerMonth, 2);
    }
}
