using Orchestrator.Domain.Quality;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Api;

public sealed record CostPerOutcomeDto(decimal Human, decimal Agent, decimal Review, decimal Total);

/// <summary>A share with its 95% interval (Wilson) and what it was measured on; null value when nothing was measured.</summary>
public sealed record RateDto(double? Value, double? Low, double? High, int Of)
{
    public static RateDto From(Proportion p) => p.IsMeasured ? new(p.Value, p.Low, p.High, p.Trials) : new(null, null, null, 0);
}

public sealed record MetricsBucketDto(DateOnly From, DateOnly To, int Outcomes, CostPerOutcomeDto CostPerOutcome, double? AgentShare,
    RateDto EscalationRate, RateDto PassRate, decimal? PricePerOutcome, decimal? MarginPerOutcome);

public sealed record WorkflowMetricsDto(string Workflow, DateOnly From, DateOnly To, string Bucket, IReadOnlyList<MetricsBucketDto> Buckets);

public static class MetricsApi
{
    /// <summary>At most this many buckets in one answer (a year of days, ten years of weeks).</summary>
    public const int MaxBuckets = 520;

    public static RouteGroupBuilder MapMetricsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/workflows/{key}/metrics", GetAsync).RequireAuthorization(Policies.ApiCases).WithTags("Workflows")
            .Produces<WorkflowMetricsDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Outcome metrics per day or week: outcomes completed, cost per outcome (human, agent, review), agent share of step tasks, escalation rate, reviews' pass rate with its 95% interval, margin.")
            .WithDescription("from and to are UTC dates (yyyy-MM-dd), inclusive; to defaults to today and from to 12 buckets before it. bucket is day or week (Monday to Sunday; the first and last week are cut to the range).");
        return api;
    }

    private static async Task<IResult> GetAsync(string key, string? from, string? to, string? bucket, OutcomeQueries outcomes, TimeProvider clock, CancellationToken ct)
    {
        OutcomeBucket size;
        switch (bucket?.Trim().ToLowerInvariant())
        {
            case null or "" or "day": size = OutcomeBucket.Day; break;
            case "week": size = OutcomeBucket.Week; break;
            default: return Problems.BadRequest("bucket", $"bucket is 'day' or 'week', not '{bucket}'.");
        }
        if (!TryDate(to, "to", out var last, out var problem) || !TryDate(from, "from", out var first, out problem)) return problem!;
        var end = last ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = first ?? size.StartOf(end).AddDays(size == OutcomeBucket.Day ? -11 : -7 * 11);
        if (start > end) return Problems.BadRequest("from", $"from ({start:yyyy-MM-dd}) is after to ({end:yyyy-MM-dd}).");
        var count = size == OutcomeBucket.Day ? end.DayNumber - start.DayNumber + 1 : (size.StartOf(end).DayNumber - size.StartOf(start).DayNumber) / 7 + 1;
        if (count > MaxBuckets) return Problems.BadRequest("from", $"That range has {count} {size.ToString().ToLowerInvariant()}s; ask for at most {MaxBuckets} at a time.");

        var buckets = await outcomes.BucketsAsync(key, start, end, size, ct);
        if (buckets is null) return TypedResults.Problem($"No workflow has the key '{key}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");
        return TypedResults.Ok(new WorkflowMetricsDto(key, start, end, size.ToString().ToLowerInvariant(), buckets.Select(Bucket).ToList()));
    }

    private static MetricsBucketDto Bucket(OutcomeDashboard d)
    {
        var cost = d.CostPerOutcome;
        return new(d.From, d.To, d.Outcomes, new(Round(cost.Human), Round(cost.Agent), Round(cost.Review), Round(cost.Total)),
            d.AgentShareOfTasks is { IsMeasured: true } share ? share.Value : null, RateDto.From(d.Escalation), RateDto.From(d.Quality),
            d.PricePerOutcome is { } price ? Round(price) : null, d.MarginPerOutcome is { } margin ? Round(margin) : null);
    }

    private static decimal Round(decimal money) => Math.Round(money, 4);

    private static bool TryDate(string? text, string field, out DateOnly? date, out IResult? problem)
    {
        date = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }
        problem = Problems.BadRequest(field, $"{field} is a date written yyyy-MM-dd, e.g. 2026-11-02; '{text}' is not.");
        return false;
    }
}
