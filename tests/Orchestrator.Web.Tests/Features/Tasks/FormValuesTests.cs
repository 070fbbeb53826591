using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Workflows;
using Orchestrator.Web.Features.Tasks;

namespace Orchestrator.Web.Tests.Features.Tasks;

public class FormValuesTests
{
    internal static readonly FieldDefinition[] AllTypes =
    [
        new() { Key = "title", Type = FieldType.Text },
        new() { Key = "notes", Type = FieldType.LongText },
        new() { Key = "count", Type = FieldType.Number },
        new() { Key = "amount", Type = FieldType.Money },
        new() { Key = "due", Type = FieldType.Date },
        new() { Key = "approved", Type = FieldType.YesNo },
        new() { Key = "decision", Type = FieldType.Choice, Choices = ["approve", "reject"] },
    ];

    [Fact]
    public void FromJson_ReadsEachTypeAsItsClrValue()
    {
        var json = JsonNode.Parse("""
            {"title":"T","notes":"long","count":3,"amount":1250.50,"due":"2025-03-04","approved":true,"decision":"reject"}
            """)!.AsObject();

        var values = FormValues.FromJson(AllTypes, json);

        Assert.Equal("T", values["title"]);
        Assert.Equal("long", values["notes"]);
        Assert.Equal(3m, values["count"]);
        Assert.Equal(1250.50m, values["amount"]);
        Assert.Equal(new DateTime(2025, 3, 4), values["due"]);
        Assert.Equal(true, values["approved"]);
        Assert.Equal("reject", values["decision"]);
    }

    [Fact]
    public void FromJson_GivesNull_WhenValueHasWrongTypeOrIsMissing()
    {
        var json = JsonNode.Parse("""{"count":"three","amount":true,"due":"04/03/2025","approved":"yes"}""")!.AsObject();

        var values = FormValues.FromJson(AllTypes, json);

        Assert.Equal(AllTypes.Select(f => f.Key), values.Keys);
        Assert.All(values.Values, Assert.Null);
    }

    [Fact]
    public void FromJson_GivesAllNull_WhenJsonIsNull()
    {
        var values = FormValues.FromJson(AllTypes, null);

        Assert.Equal(AllTypes.Length, values.Count);
        Assert.All(values.Values, Assert.Null);
    }

    [Fact]
    public void ToJson_WritesDatesAsIsoDay_MoneyAsNumber_YesNoAsBool()
    {
        var values = new Dictionary<string, object?>
        {
            ["amount"] = 19.99m, ["due"] = new DateTime(2025, 12, 31, 15, 30, 0), ["approved"] = false, ["count"] = 7m,
        };

        var json = FormValues.ToJson(AllTypes, values);

        Assert.Equal(JsonValueKind.Number, json["amount"]!.GetValueKind());
        Assert.Equal(19.99m, json["amount"]!.GetValue<decimal>());
        Assert.Equal("2025-12-31", json["due"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.False, json["approved"]!.GetValueKind());
        Assert.Equal(7m, json["count"]!.GetValue<decimal>());
    }

    [Fact]
    public void ToJson_OmitsNullAndBlankValues()
    {
        var values = new Dictionary<string, object?> { ["title"] = "   ", ["notes"] = null, ["decision"] = "approve" };

        var json = FormValues.ToJson(AllTypes, values);

        Assert.Equal(["decision"], json.Select(p => p.Key));
    }

    [Fact]
    public void ToJson_RoundTripsWhatFromJsonRead()
    {
        var original = JsonNode.Parse("""
            {"title":"T","notes":"long","count":3,"amount":1250.5,"due":"2025-03-04","approved":false,"decision":"approve"}
            """)!.AsObject();

        var json = FormValues.ToJson(AllTypes, FormValues.FromJson(AllTypes, original));

        Assert.True(JsonNode.DeepEquals(original, json), json.ToJsonString());
    }
}
