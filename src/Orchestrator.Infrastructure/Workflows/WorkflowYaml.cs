using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Infrastructure.Workflows;

/// <summary>A workflow version as code: the document docs/WORKFLOW-YAML.md describes.</summary>
public sealed record WorkflowDocument
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public decimal OutcomePrice { get; init; }
    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];
}

/// <summary>A document read from YAML, and where each of its values was, to point errors at a line.</summary>
public sealed class ParsedWorkflow(WorkflowDocument document, IReadOnlyDictionary<string, int> lines)
{
    public WorkflowDocument Document { get; } = document;

    /// <summary>The error with the line of its field (or of the nearest enclosing value) in front of its message.</summary>
    public FieldError Locate(FieldError error) => WorkflowYaml.Locate(error, lines);
}

/// <summary>
/// Writes and reads workflows as YAML. The YAML is the step definitions' own JSON shape (camelCase, enums by name), so a
/// property added to a policy is exported and imported with no change here; reading refuses unknown properties, and
/// every error names its field and line. Written YAML reads back to the same definitions and writes out the same text.
/// </summary>
public static partial class WorkflowYaml
{
    public const int MaxLength = 512 * 1024;
    private const int MaxNodes = 100_000;
    public const string Header = "# Orchestrator workflow. Schema: docs/WORKFLOW-YAML.md";

    public static string Write(WorkflowDocument document)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new Comment(Header[2..], false));
        WriteNode(emitter, DefinitionJson.ToNode(document));
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    /// <summary>Reads a document; a <see cref="ValidationFailedException"/> names each field that is wrong, with its line.</summary>
    public static ParsedWorkflow Read(string yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml)) throw Invalid("yaml", "The file is empty.");
        if (yaml.Length > MaxLength) throw Invalid("yaml", $"The file is larger than {MaxLength / 1024} KB.");
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException ex) { throw Invalid("yaml", $"Line {ex.Start.Line}, column {ex.Start.Column}: {Innermost(ex).Message}"); }
        catch (InvalidOperationException)
        {
            // The parser gives up without a position when the text ends inside an open [list], {mapping} or quote.
            throw Invalid("yaml", $"Line {yaml.TrimEnd().Split('\n').Length}: the file ends inside an unclosed list, mapping or quote.");
        }
        if (stream.Documents.Count != 1) throw Invalid("yaml", "The file must hold exactly one YAML document.");
        if (stream.Documents[0].RootNode is not YamlMappingNode root) throw Invalid("yaml", "Line 1: the document must be a mapping (key: value lines).");

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = 0;
        var json = ToJson(root, "", lines, ref nodes);
        try
        {
            var document = DefinitionJson.FromNode<WorkflowDocument>(json!);
            return new ParsedWorkflow(document, lines);
        }
        catch (JsonException ex)
        {
            var path = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            throw new ValidationFailedException("yaml.invalid", [Locate(new FieldError(path.Length == 0 ? "yaml" : path, Explain(ex)), lines)]);
        }
    }

    internal static FieldError Locate(FieldError error, IReadOnlyDictionary<string, int> lines)
    {
        for (var path = error.Field; ; path = Parent(path))
        {
            if (lines.TryGetValue(path, out var line)) return error with { Message = $"Line {line}: {error.Message}" };
            if (path.Length == 0) return error;
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static ValidationFailedException Invalid(string field, string message) => new("yaml.invalid", [new FieldError(field, message)]);

    private static Exception Innermost(Exception ex) => ex.InnerException is YamlException inner ? Innermost(inner) : ex;

    // ---- YAML → JSON

    private static JsonNode? ToJson(YamlNode node, string path, Dictionary<string, int> lines, ref int nodes)
    {
        if (++nodes > MaxNodes) throw Invalid("yaml", $"The file has more than {MaxNodes} values.");
        lines.TryAdd(path, (int)node.Start.Line);
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                        throw Invalid(path.Length == 0 ? "yaml" : path, $"Line {keyNode.Start.Line}: a key must be a plain name.");
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    lines[childPath] = (int)keyNode.Start.Line;
                    obj[key] = ToJson(valueNode, childPath, lines, ref nodes);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in seq.Children) array.Add(ToJson(item, $"{path}[{i++}]", lines, ref nodes));
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw Invalid(path, $"Line {node.Start.Line}: unsupported YAML.");
        }
    }

    /// <summary>Plain scalars are typed as YAML 1.2's core schema types them (null, true/false, numbers); quoted ones are text.</summary>
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any)) return JsonValue.Create(text);
        if (IsNull(text)) return null;
        if (Bool(text) is { } b) return JsonValue.Create(b);
        if (NumberPattern().IsMatch(text)) return JsonNode.Parse(text);
        return JsonValue.Create(text);
    }

    private static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    private static bool? Bool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();

    /// <summary>Words that YAML 1.1 readers take for booleans; quoted on output so any reader sees text.</summary>
    private static readonly HashSet<string> Ambiguous = new(StringComparer.OrdinalIgnoreCase) { "yes", "no", "on", "off", "y", "n" };

    private static string Explain(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (MissingPattern().Match(message) is { Success: true } missing) return $"Required: {missing.Groups[1].Value}.";
        if (UnmappedPattern().Match(message) is { Success: true } unmapped) return $"Unknown property '{unmapped.Groups[1].Value}'.";
        if (TypePattern().Match(message) is { Success: true } type) return Expected(type.Groups[1].Value);
        return message;
    }

    private static string Expected(string typeName)
    {
        var type = typeof(StepDefinition).Assembly.GetType(typeName.TrimEnd('?'));
        if (Nullable.GetUnderlyingType(type ?? typeof(object)) is { } inner) type = inner;
        if (type is { IsEnum: true }) return $"Must be one of: {string.Join(", ", Enum.GetNames(type))}.";
        return typeName switch
        {
            "System.Int32" or "System.Int64" => "Must be a whole number.",
            "System.Decimal" or "System.Double" => "Must be a number.",
            "System.Boolean" => "Must be true or false.",
            "System.String" => "Must be text; put it in quotes.",
            _ when typeName.Contains("List", StringComparison.Ordinal) || typeName.Contains("[]", StringComparison.Ordinal) => "Must be a list.",
            _ => "Has the wrong shape here.",
        };
    }

    [GeneratedRegex(@"missing required properties including: (.+)\.?$")]
    private static partial Regex MissingPattern();

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedPattern();

    [GeneratedRegex(@"could not be converted to ([^\s.]+(\.[^\s.]+)*)")]
    private static partial Regex TypePattern();

    // ---- JSON → YAML

    private static void WriteNode(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var members = obj.Where(p => !Omitted(p.Value)).ToList();
                emitter.Emit(new MappingStart(null, null, true, members.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (name, value) in members)
                {
                    emitter.Emit(Text(name));
                    WriteNode(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                var flow = array.All(i => i is JsonValue) && array.Sum(i => i!.ToJsonString().Length) < 80;
                emitter.Emit(new SequenceStart(null, null, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array) WriteNode(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(Text(value.GetValue<string>()));
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    /// <summary>Nulls and empty lists are left out: reading them back gives the same defaults.</summary>
    private static bool Omitted(JsonNode? value) => value is null || value is JsonArray { Count: 0 };

    private static Scalar Text(string text)
    {
        var style = text.Contains('\n') ? ScalarStyle.Literal
            : IsNull(text) || Bool(text) is not null || Ambiguous.Contains(text) || NumberPattern().IsMatch(text) || LooksNumeric(text) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        return new Scalar(null, null, text, style, true, true);
    }

    /// <summary>Text a reader might take for a number (".5", "1e3", "0x1F", "+1"): quoted too.</summary>
    private static bool LooksNumeric(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase);
}
