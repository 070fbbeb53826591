using System.Text.Json.Nodes;
using Bogus;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>Synthetic claims with their right answers, reproducible from a seed.</summary>
public sealed class DemoClaims(int seed)
{
    private readonly Faker _f = new() { Random = new Randomizer(seed) };

    private static readonly Dictionary<string, string[]> Stories = new()
    {
        ["collision"] = ["Rear-ended at a red light on {0}.", "Hit a parked van while reversing out of {0}.", "Side impact at the junction of {0}."],
        ["theft"] = ["Car stolen overnight from outside {0}.", "Catalytic converter taken while parked on {0}.", "Window forced and stereo stolen on {0}."],
        ["glass"] = ["Stone chip cracked the windscreen on {0}.", "Side mirror glass shattered on {0}.", "Windscreen cracked by hail near {0}."],
        ["weather"] = ["Tree branch fell on the roof during the storm on {0}.", "Flood water entered the cabin on {0}.", "Hail dented the bonnet on {0}."],
        ["injury"] = ["Driver hurt their neck in a collision on {0}.", "Passenger injured when another car ran a light on {0}.", "Cyclist struck and injured on {0}."],
    };

    public (JsonObject Payload, JsonObject GroundTruth) Next()
    {
        var type = _f.PickRandom(AutoClaimsWorkflow.ClaimTypes);
        var amount = Math.Round(type switch
        {
            "glass" => _f.Random.Decimal(150, 900),
            "injury" => _f.Random.Decimal(4000, 40000),
            "theft" => _f.Random.Decimal(800, 18000),
            _ => _f.Random.Decimal(500, 12000),
        }, 2);
        var severity = type == "injury" || amount > 10000 ? "high" : amount > 2500 ? "medium" : "low";
        var covered = _f.Random.Double() > 0.12;
        var fraud = _f.Random.Double() switch { < 0.8 => "low", < 0.95 => "medium", _ => "high" };
        var decision = !covered ? "deny" : fraud == "high" ? "deny" : fraud == "medium" ? "partial" : "approve";
        var deductible = _f.PickRandom(250m, 500m, 1000m);
        var payout = decision switch { "approve" => Math.Max(0, amount - deductible), "partial" => Math.Round(Math.Max(0, amount - deductible) / 2, 2), _ => 0m };
        var payload = new JsonObject
        {
            ["policyNumber"] = $"POL-{_f.Random.Number(100000, 999999)}",
            ["claimantName"] = _f.Name.FullName(),
            ["incidentDate"] = DateOnly.FromDateTime(_f.Date.Recent(30, new DateTime(2026, 11, 1))).ToString("yyyy-MM-dd"),
            ["description"] = string.Format(_f.PickRandom(Stories[type]), _f.Address.StreetName()),
            ["estimatedAmount"] = amount,
        };
        var truth = new JsonObject
        {
            ["intake"] = new JsonObject { ["claimType"] = type, ["severity"] = severity },
            ["extract"] = new JsonObject { ["repairEstimate"] = amount, ["vehicleYear"] = _f.Random.Number(2008, 2026), ["documentsComplete"] = _f.Random.Double() > 0.1 },
            ["coverage"] = new JsonObject { ["covered"] = covered, ["deductible"] = deductible },
            ["fraud"] = new JsonObject { ["fraudRisk"] = fraud, ["fraudNotes"] = fraud == "low" ? "" : "Claim filed soon after policy start." },
            ["settlement"] = new JsonObject { ["decision"] = decision, ["amount"] = payout },
            ["letter"] = new JsonObject { ["letter"] = $"Dear {payload["claimantName"]}, we have reviewed your {type} claim. Decision: {decision}." },
        };
        return (payload, truth);
    }
}
