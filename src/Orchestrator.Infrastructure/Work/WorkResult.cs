using Orchestrator.Domain.Common;

namespace Orchestrator.Infrastructure.Work;

public enum WorkOutcome { Ok, NotFound, Refused, Invalid, Conflict }

/// <summary>The answer of a work operation: a value, or why not, in words a person can act on.</summary>
public sealed record WorkResult<T>(WorkOutcome Outcome, T? Value, string? Code = null, string? Message = null, IReadOnlyList<FieldError>? Errors = null)
{
    public bool Succeeded => Outcome == WorkOutcome.Ok;
    public static WorkResult<T> Ok(T value) => new(WorkOutcome.Ok, value);
    public static WorkResult<T> NotFound(string message) => new(WorkOutcome.NotFound, default, "not-found", message);
    public static WorkResult<T> Refused(string code, string message) => new(WorkOutcome.Refused, default, code, message);
    public static WorkResult<T> Conflict(string code, string message) => new(WorkOutcome.Conflict, default, code, message);
    public static WorkResult<T> Invalid(IReadOnlyList<FieldError> errors, string message = "Some values are not valid.") =>
        new(WorkOutcome.Invalid, default, "invalid", message, errors);

    /// <summary>The same failure, for an operation with another value type.</summary>
    public static WorkResult<T> From<TOther>(WorkResult<TOther> other) =>
        other.Succeeded ? throw new InvalidOperationException("Not a failure.") : new(other.Outcome, default, other.Code, other.Message, other.Errors);

    public static WorkResult<T> From(DomainException ex) => ex switch
    {
        ValidationFailedException v => Invalid(v.Errors, v.Message),
        _ when ex.Code is "task.not-yours" or "task.stale-attempt" => Conflict(ex.Code, ex.Message),
        _ => Refused(ex.Code, ex.Message),
    };
}
