using System.Text.Json.Nodes;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>One thing a person decided at a step: the task's input and the output they gave (or a reviewer corrected to).</summary>
public sealed record LabelledExample(Guid Id, JsonObject Input, JsonObject Output, DateTime At)
{
    /// <summary>
    /// A stable slot 0–999 from the example's id, so an example held out once is held out in every later run and a champion
    /// is never measured on what it was trained on.
    /// </summary>
    public int Slot => (int)(BitConverter.ToUInt32(Id.ToByteArray(), 0) % 1000);
}
