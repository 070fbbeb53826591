using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Tests.Quality;

public class GoldenCsvTests
{
    private static readonly StepDefinition Step = new()
    {
        Key = "triage", Name = "Triage",
        Inputs = [new() { Key = "amount", Type = FieldType.Money }],
        Outputs =
        [
            new() { Key = "type", Type = FieldType.Choice, Choices = ["collision", "theft"] },
            new() { Key = "urgent", Type = FieldType.YesNo },
            new() { Key = "note", Type = FieldType.Text, Required = false },
        ],
    };

    [Fact]
    public void Parse_TypesValuesByTheStepsFields_AndHandlesQuotes()
    {
        var csv = "input.amount,input.description,expected.type,expected.urgent,expected.note\n" +
                  "120.50,\"Rear-ended, at a light\",collision,yes,\n" +
                  "80,\"He said \"\"stolen\"\"\nat night\",theft,false,\"checked\"\r\n";

        var examples = GoldenCsv.Parse(Step, csv);

        Assert.Equal(2, examples.Count);
        Assert.Equal(120.50m, examples[0].Input["amount"]!.GetValue<decimal>());
        Assert.Equal("Rear-ended, at a light", (string?)examples[0].Input["description"]);
        Assert.Equal(true, (bool?)examples[0].Expected["urgent"]);
        Assert.False(examples[0].Expected.ContainsKey("note"));
        Assert.Equal("He said \"stolen\"\nat night", (string?)examples[1].Input["description"]);
        Assert.Equal(("theft", false, "checked"), ((string?)examples[1].Expected["type"], (bool?)examples[1].Expected["urgent"], (string?)examples[1].Expected["note"]));
    }

    [Fact]
    public void Parse_ReportsEveryBadValue_WithRowAndColumn_AndReturnsNothing()
    {
        var csv = "input.amount,expected.type,expected.urgent\n" +
                  "10,collision,yes\n" +
                  "ten,fire,maybe\n" +
                  "5,theft\n" +
                  "7,,no\n";

        var ex = Assert.Throws<ValidationFailedException>(() => GoldenCsv.Parse(Step, csv));

        var errors = ex.Errors.Select(e => e.Field).ToList();
        Assert.Equal(["row 3, input.amount", "row 3, expected.type", "row 3, expected.urgent", "row 4", "row 5, expected.type"], errors);
        Assert.Contains("collision, theft", ex.Errors[1].Message);
    }

    [Fact]
    public void Parse_RefusesAHeaderWithUnknownOutputsOrNoExpectedColumn()
    {
        var unknown = Assert.Throws<ValidationFailedException>(() => GoldenCsv.Parse(Step, "expected.type,expected.colour,notes\ncollision,red,x\n"));
        Assert.Equal(["row 1, expected.colour", "row 1, column 3"], unknown.Errors.Select(e => e.Field));

        var none = Assert.Throws<ValidationFailedException>(() => GoldenCsv.Parse(Step, "input.amount\n10\n"));
        Assert.Equal("row 1", Assert.Single(none.Errors).Field);

        var missingRequired = Assert.Throws<ValidationFailedException>(() => GoldenCsv.Parse(Step, "expected.type\ncollision\n"));
        Assert.Equal("row 2, expected.urgent", Assert.Single(missingRequired.Errors).Field);

        var unclosed = Assert.Throws<ValidationFailedException>(() => GoldenCsv.Parse(Step, "expected.type,expected.urgent\n\"collision,yes\n"));
        Assert.Contains("never closed", Assert.Single(unclosed.Errors).Message);
    }
}
