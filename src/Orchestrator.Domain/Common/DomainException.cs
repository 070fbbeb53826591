namespace Orchestrator.Domain.Common;

/// <summary>A rule of the domain was broken: an illegal transition, a bad value. Never a silent no-op.</summary>
public class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

public sealed record FieldError(string Field, string Message);

/// <summary>Values failed validation; each error names its field.</summary>
public sealed class ValidationFailedException(string code, IReadOnlyList<FieldError> errors)
    : DomainException(code, "Validation failed: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
