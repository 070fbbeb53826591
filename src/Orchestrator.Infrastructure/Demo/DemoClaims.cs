using System.Text.Json.Nodes;
using Bogus;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>
/// Synthetic claims with their right answers, reproducible from a seed. Written to make learning honest: most first
/// notices are routine and say plainly what happened, in many wordings (two in five come from the web form, with the
/// cause the customer picked, now and then the wrong one), so a reader learns them over a few hundred examples; claim
/// types are uneven (injury and theft are rare, so their wordings are seen last); about one notice in sixteen fits two
/// types or says almost nothing, and severity follows the amount (and injuries) only up to an adjuster's judgment. Even a
/// perfect reader is right only about 94% of the time, and knows which notices are the hard ones: a learner sure of the
/// rest can answer nine in ten and leave the hard minority to people.
/// </summary>
public sealed class DemoClaims(int seed)
{
    private readonly Faker _f = new() { Random = new Randomizer(seed) };

    private static readonly (string Type, float Weight)[] TypeWeights =
        [("collision", 0.44f), ("weather", 0.17f), ("glass", 0.17f), ("theft", 0.14f), ("injury", 0.08f)];

    /// <summary>Severity by the amount: above these it is medium, then high (injuries are always high).</summary>
    public const decimal MediumFrom = 2500m, HighFrom = 10000m;
    private const double VagueShare = 0.02, AmbiguousShare = 0.04, JudgmentShare = 0.03;
    private const float CueShare = 0.6f;

    /// <summary>Notices that point at one type, in many wordings.</summary>
    private static readonly Dictionary<string, string[]> Clear = new()
    {
        ["collision"] =
        [
            "Rear-ended at a red light on {0}.", "Hit a parked van while reversing out of a space on {0}.", "Side impact collision at the junction of {0}.",
            "Another car pulled out of {0} and hit our front wing.", "Hit a bollard on {0} and scraped the length of the car.",
            "Low-speed collision in traffic on {0}; bumper and headlight damaged.", "Collided with a lorry changing lanes on {0}.",
            "Hit by a bus passing too close on {0}; wing mirror gone.", "Shunted from behind in a queue on {0}.", "Reversed into a lamp post in the car park off {0}.",
            "Head-on collision with a car that crossed the line on {0}.", "Van turned across us at the lights on {0} and hit the door.",
        ],
        ["theft"] =
        [
            "Car stolen overnight from outside the house on {0}.", "Catalytic converter stolen while parked on {0}.", "Keys cloned and the car stolen from {0}.",
            "Wheels stolen, car left on bricks on {0}.", "Car stolen from the supermarket car park on {0}; police informed.",
            "Thieves took the car from the driveway on {0}; theft reported, crime number given.", "Car missing from the station car park on {0}, reported stolen.",
            "Stolen while the engine was running outside the shop on {0}.", "Number plates and stereo stolen from the car on {0}.",
        ],
        ["glass"] =
        [
            "Stone chip cracked the windscreen on {0}.", "Windscreen chipped by gravel from a lorry on {0}.", "Crack spreading across the windscreen after driving on {0}.",
            "Sunroof glass shattered while parked on {0}.", "Side window glass cracked by a stone thrown up on {0}.", "Chip in the windscreen, driver's side, from roadworks on {0}.",
            "Rear windscreen cracked in the cold overnight on {0}.", "Windscreen needs replacing after a pebble hit the glass on {0}.",
        ],
        ["weather"] =
        [
            "Tree branch fell on the roof during the storm on {0}.", "Flood water entered the cabin on {0}.", "Hail dented the bonnet and roof in the storm on {0}.",
            "Fence panel blown onto the car in a storm on {0}.", "Car parked on {0} was under flood water after the river burst its banks.",
            "Storm brought down a tree onto the car on {0}.", "Lightning in the storm struck a tree which fell across the bonnet on {0}.",
            "Storm blew roof tiles onto the car parked on {0}.", "Flash flood on {0} left the engine full of water.",
        ],
        ["injury"] =
        [
            "Driver injured, neck hurt in a crash on {0}.", "Passenger injured when another car ran a light on {0}; ambulance called.",
            "Cyclist struck and injured on {0}.", "Pedestrian injured at the crossing on {0}, taken to hospital.",
            "Driver injured with whiplash after being struck on {0}.", "Motorcyclist injured after we pulled out on {0}; paramedics attended.",
            "Child in the back seat hurt and taken to hospital after the crash on {0}.", "Driver injured, broke a wrist in the crash on {0}.",
        ],
    };

    /// <summary>Notices that fit two types equally well; the claim is either.</summary>
    private static readonly (string A, string B, string Text)[] Ambiguous =
    [
        ("glass", "weather", "Hail cracked the windscreen on {0}."),
        ("glass", "weather", "Storm debris broke the rear window on {0}."),
        ("collision", "injury", "Collision at the roundabout on {0}; the other driver said their back hurt."),
        ("collision", "injury", "Hit from behind on {0}; driver went to get checked over as a precaution."),
        ("collision", "weather", "Skidded on ice on {0} and slid into a wall."),
        ("collision", "weather", "Aquaplaned on a flooded stretch of {0} into the verge."),
        ("theft", "glass", "Window smashed overnight on {0}; nothing obvious missing."),
        ("theft", "collision", "Car found on {0} with a damaged door after an attempted break-in."),
    ];

    /// <summary>Notices that say almost nothing about what happened.</summary>
    private static readonly string[] Vague =
    [
        "Damage found on the car when the customer returned to {0}.", "Customer reports damage, details to follow; car is on {0}.",
        "Incident on {0}. Please call the customer back.", "Claim opened from the web form; location given as {0}.",
    ];

    private static readonly string[] Openers = ["", "", "", "Customer called: ", "Broker reports: ", "Policyholder says: "];

    /// <summary>What the web form's "what happened?" list offers; now and then a customer picks the wrong one.</summary>
    private static readonly Dictionary<string, string> FormCauses = new()
        { ["collision"] = "Accident with another vehicle or object", ["theft"] = "Theft or attempted theft", ["glass"] = "Glass damage", ["weather"] = "Storm, flood or hail", ["injury"] = "Someone was hurt" };
    private const double WebFormShare = 0.4, WrongCauseShare = 0.05;
    private static readonly string[] Asides = ["Photos to follow.", "Reported by phone.", "Customer has a dashcam.", "Third party details exchanged.", "Customer is upset.", "Witness details taken."];

    /// <summary>What a notice says about how bad it is, now and then: an adjuster reads these beside the amount.</summary>
    private static readonly string[][] SeverityCues =
    [
        ["Car still drivable.", "Minor damage only.", "Cosmetic damage, no rush."],
        ["Car drivable but needs a garage.", "Damage to more than one panel."],
        ["Car was towed.", "Car is not drivable.", "Airbags deployed.", "Likely a write-off."],
    ];

    public (JsonObject Payload, JsonObject GroundTruth) Next()
    {
        var type = _f.Random.WeightedRandom(TypeWeights.Select(t => t.Type).ToArray(), TypeWeights.Select(t => t.Weight).ToArray());
        var amount = Math.Round(type switch
        {
            "glass" => _f.Random.Decimal(120, 1800),
            "injury" => _f.Random.Decimal(2500, 40000),
            "theft" => _f.Random.Decimal(600, 22000),
            "weather" => _f.Random.Decimal(300, 14000),
            _ => _f.Random.Decimal(300, 16000),
        }, 2);
        var level = type == "injury" || amount > HighFrom ? 2 : amount > MediumFrom ? 1 : 0;
        var street = _f.Address.StreetName();
        var description = (_f.Random.Double() < WebFormShare ? $"Web form, cause chosen: {FormCauses[FormCause(type)]}. " : _f.PickRandom(Openers)) + string.Format(Notice(type), street);
        // Most notices say whether the car can still be driven (the form asks), which matches what the amount says.
        if (_f.Random.Bool(CueShare)) description += " " + _f.PickRandom(SeverityCues[level]);
        var severity = Judged(level);
        if (_f.Random.Bool(0.4f)) description += " " + _f.PickRandom(Asides);

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
            ["description"] = description,
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

    private string FormCause(string type) => _f.Random.Double() < WrongCauseShare ? _f.PickRandom(AutoClaimsWorkflow.ClaimTypes.Where(t => t != type).ToArray()) : type;

    private string Notice(string type)
    {
        var roll = _f.Random.Double();
        if (roll < VagueShare) return _f.PickRandom(Vague);
        var shared = Ambiguous.Where(a => a.A == type || a.B == type).ToArray();
        if (roll < VagueShare + AmbiguousShare && shared.Length > 0) return _f.PickRandom(shared).Text;
        return _f.PickRandom(Clear[type]);
    }

    /// <summary>The level the amount and injuries give, one level up or down now and then: the adjuster's judgment, which no notice shows.</summary>
    private string Judged(int level)
    {
        if (_f.Random.Bool((float)JudgmentShare)) level = Math.Clamp(level + (_f.Random.Bool() ? 1 : -1), 0, 2);
        return AutoClaimsWorkflow.Severities[level];
    }
}
