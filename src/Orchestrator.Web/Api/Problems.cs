using Orchestrator.Domain.Common;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Web.Api;

/// <summary>RFC 7807 answers with messages a caller can act on.</summary>
public static class Problems
{
    public static IResult Validation(IReadOnlyList<FieldError> errors, string? detail = null) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: detail ?? "Some values are not valid.", title: "The request is not valid.");

    public static IResult BadRequest(string field, string message) => Validation([new FieldError(field, message)], message);

    public static IResult From<T>(WorkResult<T> result) => result.Outcome switch
    {
        WorkOutcome.Invalid => Validation(result.Errors ?? [], result.Message),
        WorkOutcome.NotFound => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found."),
        WorkOutcome.Conflict => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict.", type: result.Code),
        _ => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Refused.", type: result.Code),
    };
}
