using FluentValidation;
using Mediator;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Localization;

namespace Platform.BuildingBlocks.Validation;

/// <summary>
/// Runs every FluentValidation validator of a message before its handler, so a handler only ever
/// sees valid input and nothing is written for bad input. Messages are <see cref="Bilingual"/>:
/// validators set them with <see cref="BilingualRuleExtensions.WithMessage{T,TProperty}"/>.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await validators.ValidateOrThrowAsync(message, cancellationToken);
        return await next(message, cancellationToken);
    }
}

public static class ValidatorExtensions
{
    /// <summary>Runs the validators; every failure becomes one per-field 400 (for endpoints that validate without a handler, such as exports).</summary>
    public static async Task ValidateOrThrowAsync<T>(this IEnumerable<IValidator<T>> validators, T message, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new ValidationFailedException(failures
                .GroupBy(f => ValidationMessages.ToCamelPath(f.PropertyName), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(ValidationMessages.ToBilingual).Distinct().ToArray(), StringComparer.Ordinal));
        }
    }
}

/// <summary>How FluentValidation failures become per-field problem-details entries.</summary>
public static class ValidationMessages
{
    public static Bilingual ToBilingual(FluentValidation.Results.ValidationFailure failure) =>
        failure.CustomState is Bilingual b ? b : new Bilingual(failure.ErrorMessage, failure.ErrorMessage);

    /// <summary>"Address.PostalCode" → "address.postalCode", matching the JSON the caller sent.</summary>
    public static string ToCamelPath(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}

public static class BilingualRuleExtensions
{
    /// <summary>Sets a rule's message in both languages; the behaviour picks one per request.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithMessage<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, string greek, string english) =>
        rule.WithMessage(english).WithState(_ => new Bilingual(greek, english));

    /// <summary>
    /// A named value of the enum. FluentValidation's <c>IsInEnum</c> looks the enum's attributes up by reflection on every
    /// call (for <c>[Flags]</c>), per element of a list, on the registration's hot path; <see cref="Enum.IsDefined{TEnum}(TEnum)"/>
    /// reads a cached table. None of the Platform's enums are flags.
    /// </summary>
    public static IRuleBuilderOptions<T, TEnum> IsNamedValue<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(value => Enum.IsDefined(value));

    /// <summary>As above; an absent value passes (whether one is required is another rule's business, as with <c>IsInEnum</c>).</summary>
    public static IRuleBuilderOptions<T, TEnum?> IsNamedValue<T, TEnum>(this IRuleBuilder<T, TEnum?> rule)
        where TEnum : struct, Enum =>
        rule.Must(value => value is not { } named || Enum.IsDefined(named));
}
