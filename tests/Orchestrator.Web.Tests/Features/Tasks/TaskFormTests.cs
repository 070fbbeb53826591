using System.Text.Json;
using System.Text.Json.Nodes;
using MudBlazor;
using Orchestrator.Domain.Workflows;
using FieldType = Orchestrator.Domain.Workflows.FieldType;
using Orchestrator.Web.Features.Tasks;

namespace Orchestrator.Web.Tests.Features.Tasks;

public class TaskFormTests : MudTestContext
{
    private static readonly FieldDefinition[] Fields =
    [
        new() { Key = "title", Label = "Title", Type = FieldType.Text },
        new() { Key = "notes", Type = FieldType.LongText },
        new() { Key = "count", Type = FieldType.Number },
        new() { Key = "amount", Label = "Amount", Type = FieldType.Money },
        new() { Key = "due", Type = FieldType.Date },
        new() { Key = "approved", Type = FieldType.YesNo },
        new() { Key = "decision", Type = FieldType.Choice, Choices = ["approve", "reject"] },
    ];

    public TaskFormTests() => Render<MudPopoverProvider>();

    private IRenderedComponent<TaskForm> RenderForm(IReadOnlyList<FieldDefinition>? fields = null, string? initial = null,
        IReadOnlyDictionary<string, string>? errors = null, Action<string>? onChanged = null) =>
        Render<TaskForm>(p =>
        {
            p.Add(x => x.Fields, fields ?? Fields);
            if (initial is not null) p.Add(x => x.Initial, JsonNode.Parse(initial)!.AsObject());
            if (errors is not null) p.Add(x => x.Errors, errors);
            if (onChanged is not null) p.Add(x => x.OnChanged, onChanged);
        });

    [Fact]
    public void Form_RendersOneInputPerField_ForEveryFieldType()
    {
        var cut = RenderForm();

        foreach (var field in Fields)
            Assert.Single(cut.FindAll($"[data-field='{field.Key}']"));
        Assert.Equal("input", cut.Find("[data-field='title']").TagName, ignoreCase: true);
        Assert.Equal("textarea", cut.Find("[data-field='notes']").TagName, ignoreCase: true);
        Assert.Equal(2, cut.FindAll("[data-field='approved'] input[type=radio]").Count);
        Assert.Equal("combobox", cut.Find("[data-field='decision']").GetAttribute("role"));
    }

    [Fact]
    public void Validate_ReturnsAMessagePerMissingRequiredField()
    {
        var cut = RenderForm();

        var errors = cut.Instance.Validate();

        Assert.Equal(Fields.Select(f => f.Key).Order(), errors.Keys.Order());
        Assert.Equal("Title is required.", errors["title"]);
        Assert.Equal("notes is required.", errors["notes"]);
    }

    [Fact]
    public void Validate_SkipsMissingOptionalFields()
    {
        var cut = RenderForm([
            new() { Key = "title", Type = FieldType.Text },
            new() { Key = "comment", Type = FieldType.Text, Required = false },
        ]);

        var errors = cut.Instance.Validate();

        Assert.Equal(["title"], errors.Keys);
    }

    [Fact]
    public void Validate_RejectsMoneyWithThreeDecimals_FromTheDraft()
    {
        var cut = RenderForm([Fields[3]], initial: """{"amount":12.345}""");

        var errors = cut.Instance.Validate();

        Assert.Equal("Amount must have at most two decimals.", Assert.Single(errors).Value);
    }

    [Fact]
    public void Validate_RejectsMoneyWithThreeDecimals_TypedIntoTheField()
    {
        var cut = RenderForm([Fields[3]]);

        cut.Find("input[data-field='amount']").Input("12.345");

        Assert.Contains("two decimals", cut.Instance.Validate()["amount"]);
    }

    [Fact]
    public void Validate_AcceptsACompleteForm()
    {
        var cut = RenderForm(initial: """
            {"title":"T","notes":"N","count":2,"amount":12.34,"due":"2025-03-04","approved":false,"decision":"reject"}
            """);

        Assert.Empty(cut.Instance.Validate());
    }

    [Fact]
    public void Errors_ShowAtTheirFields()
    {
        var cut = RenderForm(errors: new Dictionary<string, string> { ["title"] = "Title is too vague.", ["approved"] = "Say yes or no." });

        Assert.Contains("Title is too vague.", cut.Markup);
        Assert.Contains("Say yes or no.", cut.Find("[data-field='approved']").TextContent);
    }

    [Fact]
    public void Errors_PassedLater_ShowWithoutLosingTypedValues()
    {
        var cut = RenderForm();
        cut.Find("input[data-field='title']").Input("Typed title");

        cut.Render(p => p.Add(x => x.Errors, new Dictionary<string, string> { ["amount"] = "Amount is required." }));

        Assert.Contains("Amount is required.", cut.Markup);
        Assert.Equal("Typed title", cut.Instance.Output()["title"]!.GetValue<string>());
    }

    [Fact]
    public void ALiveReload_HandingTheSameFieldsAnew_KeepsWhatWasTyped()
    {
        var cut = RenderForm(initial: """{"title":"Draft from the agent"}""");
        cut.Find("input[data-field='title']").Input("Typed title");

        // The task page reloads its task on every change to the case: the same step's fields, as new objects, and the draft again.
        cut.Render(p => p.Add(x => x.Fields, Fields.Select(f => f with { }).ToList())
                         .Add(x => x.Initial, JsonNode.Parse("""{"title":"Draft from the agent"}""")!.AsObject()));

        Assert.Equal("Typed title", cut.Instance.Output()["title"]!.GetValue<string>());
    }

    [Fact]
    public void OtherFields_StartAfresh()
    {
        var cut = RenderForm();
        cut.Find("input[data-field='title']").Input("Typed title");

        cut.Render(p => p.Add(x => x.Fields, [Fields[0], new FieldDefinition { Key = "summary", Type = FieldType.Text }]));

        Assert.False(cut.Instance.Output().ContainsKey("title"));
    }

    [Fact]
    public void Initial_PrefillsTheFields()
    {
        var cut = RenderForm(initial: """{"title":"Draft from the agent","decision":"reject"}""");

        Assert.Equal("Draft from the agent", cut.Find("input[data-field='title']").GetAttribute("value"));
        Assert.Contains("reject", cut.Find("[data-field='decision']").TextContent);
        var output = cut.Instance.Output();
        Assert.Equal("Draft from the agent", output["title"]!.GetValue<string>());
        Assert.Equal("reject", output["decision"]!.GetValue<string>());
    }

    [Fact]
    public void Output_RoundTripsTheDraft_DatesAsIsoDays_MoneyAsNumber_YesNoAsBool()
    {
        const string draft = """
            {"title":"T","notes":"N","count":2,"amount":1250.5,"due":"2025-03-04","approved":true,"decision":"approve"}
            """;
        var cut = RenderForm(initial: draft);

        var output = cut.Instance.Output();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(draft), output), output.ToJsonString());
        Assert.Equal(JsonValueKind.Number, output["amount"]!.GetValueKind());
        Assert.Equal(JsonValueKind.True, output["approved"]!.GetValueKind());
        Assert.Equal("2025-03-04", output["due"]!.GetValue<string>());
    }

    [Fact]
    public void Typing_ChangesTheOutput_AndReportsTheField()
    {
        var changed = new List<string>();
        var cut = RenderForm(onChanged: changed.Add);

        cut.Find("input[data-field='title']").Input("Refund approved");
        cut.Find("input[data-field='count']").Input("42");

        var output = cut.Instance.Output();
        Assert.Equal("Refund approved", output["title"]!.GetValue<string>());
        Assert.Equal(42m, output["count"]!.GetValue<decimal>());
        Assert.Equal(["title", "count"], changed);
    }

    [Fact]
    public void ChoosingNo_WritesFalse()
    {
        var cut = RenderForm(initial: """{"approved":true}""");

        cut.FindAll("[data-field='approved'] input[type=radio]")[1].Click();

        Assert.Equal(JsonValueKind.False, cut.Instance.Output()["approved"]!.GetValueKind());
    }
}
