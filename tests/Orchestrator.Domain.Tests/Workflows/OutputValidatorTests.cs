using System.Text.Json.Nodes;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Workflows;

public class OutputValidatorTests
{
    private static IReadOnlyList<FieldError> Check(FieldDefinition field, string json) =>
        OutputValidator.Validate([field], JsonNode.Parse(json)!.AsObject());

    private static void Valid(FieldDefinition field, string json) => Assert.Empty(Check(field, json));

    private static string Error(FieldDefinition field, string json)
    {
        var error = Assert.Single(Check(field, json));
        Assert.Equal(field.Key, error.Field);
        return error.Message;
    }

    // ---- Text and LongText

    [Theory]
    [InlineData("""{"f":"hello"}""")]
    [InlineData("""{"f":"  padded  "}""")]
    public void Text_Accepts_String(string json) => Valid(Field("f"), json);

    [Theory]
    [InlineData("""{"f":12}""")]
    [InlineData("""{"f":true}""")]
    [InlineData("""{"f":["a"]}""")]
    [InlineData("""{"f":{"a":1}}""")]
    public void Text_Rejects_NonString(string json) => Assert.Contains("must be text", Error(Field("f"), json));

    [Fact]
    public void Text_Rejects_StringLongerThanLimit()
    {
        var field = Field("f");
        var ok = new JsonObject { ["f"] = new string('x', OutputValidator.MaxTextLength) };
        var tooLong = new JsonObject { ["f"] = new string('x', OutputValidator.MaxTextLength + 1) };

        Assert.Empty(OutputValidator.Validate([field], ok));
        var error = Assert.Single(OutputValidator.Validate([field], tooLong));
        Assert.Contains($"at most {OutputValidator.MaxTextLength}", error.Message);
    }

    [Fact]
    public void LongText_Accepts_TextBeyondShortLimit_UpToItsOwn()
    {
        var field = Field("f", FieldType.LongText);
        var ok = new JsonObject { ["f"] = new string('x', OutputValidator.MaxLongTextLength) };
        var tooLong = new JsonObject { ["f"] = new string('x', OutputValidator.MaxLongTextLength + 1) };

        Assert.Empty(OutputValidator.Validate([field], ok));
        Assert.Equal("f", Assert.Single(OutputValidator.Validate([field], tooLong)).Field);
    }

    [Fact]
    public void LongText_Rejects_NonString() => Assert.Contains("must be text", Error(Field("f", FieldType.LongText), """{"f":1}"""));

    // ---- Number

    [Theory]
    [InlineData("""{"f":0}""")]
    [InlineData("""{"f":-17}""")]
    [InlineData("""{"f":3.14159}""")]
    [InlineData("""{"f":1e3}""")]
    public void Number_Accepts_JsonNumbers(string json) => Valid(Field("f", FieldType.Number), json);

    [Theory]
    [InlineData("""{"f":"12"}""")]
    [InlineData("""{"f":true}""")]
    [InlineData("""{"f":[1]}""")]
    public void Number_Rejects_NonNumbers(string json) => Assert.Contains("must be a number", Error(Field("f", FieldType.Number), json));

    [Theory]
    [InlineData("""{"f":1e400}""")]
    [InlineData("""{"f":-1e40}""")]
    public void Number_Rejects_NumberTooLargeForDecimal_WithFieldError(string json) =>
        Assert.Contains("must be a number", Error(Field("f", FieldType.Number), json));

    [Fact]
    public void Number_Accepts_ValuesBuiltInCode()
    {
        var fields = new[] { Field("i", FieldType.Number), Field("l", FieldType.Number), Field("d", FieldType.Number), Field("m", FieldType.Number) };
        var values = new JsonObject { ["i"] = 12, ["l"] = 12_000_000_000L, ["d"] = 12.5, ["m"] = 12.5m };

        Assert.Empty(OutputValidator.Validate(fields, values));
    }

    // ---- Money

    [Theory]
    [InlineData("""{"f":1250}""")]
    [InlineData("""{"f":1250.5}""")]
    [InlineData("""{"f":1250.55}""")]
    [InlineData("""{"f":1250.500}""")]
    [InlineData("""{"f":-3.10}""")]
    public void Money_Accepts_AtMostTwoDecimals(string json) => Valid(Field("f", FieldType.Money), json);

    [Theory]
    [InlineData("""{"f":1250.555}""")]
    [InlineData("""{"f":0.001}""")]
    public void Money_Rejects_MoreThanTwoDecimals(string json) =>
        Assert.Contains("at most two decimals", Error(Field("f", FieldType.Money), json));

    [Theory]
    [InlineData("""{"f":"1250.00"}""")]
    [InlineData("""{"f":false}""")]
    [InlineData("""{"f":1e400}""")]
    public void Money_Rejects_NonAmounts(string json) =>
        Assert.Contains("must be an amount of money", Error(Field("f", FieldType.Money), json));

    [Fact]
    public void Money_ChecksDecimals_OfValuesBuiltInCode()
    {
        var field = Field("f", FieldType.Money);

        Assert.Empty(OutputValidator.Validate([field], new JsonObject { ["f"] = 99 }));
        Assert.Empty(OutputValidator.Validate([field], new JsonObject { ["f"] = 99.25 }));
        Assert.Contains("two decimals", Assert.Single(OutputValidator.Validate([field], new JsonObject { ["f"] = 0.1 + 0.2 })).Message);
    }

    // ---- Date

    [Theory]
    [InlineData("""{"f":"2026-03-02"}""")]
    [InlineData("""{"f":"2024-02-29"}""")]
    public void Date_Accepts_IsoDate(string json) => Valid(Field("f", FieldType.Date), json);

    [Theory]
    [InlineData("""{"f":"02/03/2026"}""")]
    [InlineData("""{"f":"2026-3-2"}""")]
    [InlineData("""{"f":"2026-02-30"}""")]
    [InlineData("""{"f":"2025-02-29"}""")]
    [InlineData("""{"f":"2026-03-02T10:00:00Z"}""")]
    [InlineData("""{"f":20260302}""")]
    public void Date_Rejects_AnythingButYyyyMmDd(string json) =>
        Assert.Contains("yyyy-MM-dd", Error(Field("f", FieldType.Date), json));

    [Fact]
    public void Date_Accepts_DateBuiltInCode()
    {
        var values = new JsonObject { ["f"] = JsonValue.Create(new DateOnly(2026, 3, 2)) };

        Assert.Empty(OutputValidator.Validate([Field("f", FieldType.Date)], values));
    }

    [Fact]
    public void Text_Accepts_StringLikeValueBuiltInCode()
    {
        var values = new JsonObject { ["f"] = Guid.NewGuid() };

        Assert.Empty(OutputValidator.Validate([Field("f")], values));
    }

    // ---- YesNo

    [Theory]
    [InlineData("""{"f":true}""")]
    [InlineData("""{"f":false}""")]
    public void YesNo_Accepts_Booleans(string json) => Valid(Field("f", FieldType.YesNo), json);

    [Theory]
    [InlineData("""{"f":"yes"}""")]
    [InlineData("""{"f":"true"}""")]
    [InlineData("""{"f":1}""")]
    public void YesNo_Rejects_NonBooleans(string json) => Assert.Contains("yes or no", Error(Field("f", FieldType.YesNo), json));

    // ---- Choice

    [Theory]
    [InlineData("approve")]
    [InlineData("deny")]
    public void Choice_Accepts_ListedValue(string value) =>
        Valid(Field("f", FieldType.Choice, true, "approve", "deny"), $$"""{"f":"{{value}}"}""");

    [Theory]
    [InlineData("""{"f":"maybe"}""")]
    [InlineData("""{"f":"Approve"}""")]
    [InlineData("""{"f":1}""")]
    public void Choice_Rejects_ValueOutsideTheList(string json)
    {
        var message = Error(Field("f", FieldType.Choice, true, "approve", "deny"), json);

        Assert.Contains("approve, deny", message);
    }

    // ---- Missing values

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"f":null}""")]
    [InlineData("""{"f":""}""")]
    [InlineData("""{"f":"   "}""")]
    public void Required_Field_IsMissing_WhenAbsentNullOrBlank(string json)
    {
        var field = Field("f") with { Label = "Claim number" };

        Assert.Equal("Claim number is required.", Error(field, json));
    }

    [Fact]
    public void Required_WhitespaceString_CountsAsMissing_EvenForNumbers()
    {
        var message = Error(Field("f", FieldType.Number), """{"f":" "}""");

        Assert.Contains("required", message);
    }

    [Theory]
    [InlineData(FieldType.Text)]
    [InlineData(FieldType.Number)]
    [InlineData(FieldType.Money)]
    [InlineData(FieldType.Date)]
    [InlineData(FieldType.YesNo)]
    public void Optional_Field_MayBeMissing(FieldType type)
    {
        var field = Field("f", type, required: false);

        Assert.Empty(OutputValidator.Validate([field], new JsonObject()));
        Assert.Empty(OutputValidator.Validate([field], new JsonObject { ["f"] = null }));
        Assert.Empty(OutputValidator.Validate([field], new JsonObject { ["f"] = "  " }));
    }

    [Fact]
    public void Optional_Field_IsStillTypeChecked_WhenPresent()
    {
        var message = Error(Field("f", FieldType.Number, required: false), """{"f":"abc"}""");

        Assert.Contains("must be a number", message);
    }

    [Fact]
    public void Validate_TreatsNullValues_AsEmptyObject()
    {
        var errors = OutputValidator.Validate([Field("a"), Field("b", required: false)], null);

        Assert.Equal("a", Assert.Single(errors).Field);
    }

    [Fact]
    public void Validate_ReportsOneErrorPerBadField_NamingTheFieldKey()
    {
        FieldDefinition[] fields =
        [
            Field("name"), Field("amount", FieldType.Money), Field("due", FieldType.Date), Field("ok", FieldType.YesNo),
            Field("kind", FieldType.Choice, true, "a", "b"), Field("count", FieldType.Number), Field("notes", FieldType.LongText, required: false),
        ];
        var values = new JsonObject
        {
            ["amount"] = 1.234m, ["due"] = "tomorrow", ["ok"] = "yes", ["kind"] = "c", ["count"] = 3, ["extra"] = "ignored",
        };

        var errors = OutputValidator.Validate(fields, values);

        Assert.Equal(["name", "amount", "due", "ok", "kind"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_UsesLabel_InMessages()
    {
        var field = Field("amt", FieldType.Money) with { Label = "Payout" };

        var error = Assert.Single(OutputValidator.Validate([field], new JsonObject { ["amt"] = "x" }));

        Assert.Equal("amt", error.Field);
        Assert.StartsWith("Payout ", error.Message);
    }

    [Fact]
    public void EnsureValid_Throws_WithCodeAndEveryError()
    {
        var ex = Invalid(() => OutputValidator.EnsureValid([Field("a"), Field("b", FieldType.Number)], new JsonObject { ["b"] = "x" }), "output.invalid");

        Assert.Equal(["a", "b"], ex.Errors.Select(e => e.Field));
        Assert.Contains("a:", ex.Message);
    }

    [Fact]
    public void EnsureValid_UsesGivenCode_AndPassesValidValues()
    {
        Invalid(() => OutputValidator.EnsureValid([Field("a")], new JsonObject(), "payload.invalid"), "payload.invalid");

        OutputValidator.EnsureValid([Field("a")], new JsonObject { ["a"] = "ok" });
    }
}
