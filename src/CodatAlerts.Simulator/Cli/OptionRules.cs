using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CodatAlerts.Simulator.Cli;

/// <summary>
/// Parsing and validation helpers over System.CommandLine 2.0, whose validators still run (and throw on reading the
/// value) when a value failed to convert. Typed options therefore parse and check in one custom parser, which reports
/// a bad value as an ordinary error; plain validators are used for strings only, which always convert.
/// </summary>
internal static class OptionRules
{
    /// <summary>A parser accepting a number that passes <paramref name="isValid"/>.</summary>
    public static Func<ArgumentResult, T> Number<T>(Func<T, bool> isValid, string message)
        where T : struct, IParsable<T> =>
        result => TryParse(result, isValid, message, out var value) ? value : default;

    /// <summary>A parser for an optional number: none when absent, else a number that passes <paramref name="isValid"/>.</summary>
    public static Func<ArgumentResult, T?> OptionalNumber<T>(Func<T, bool> isValid, string message)
        where T : struct, IParsable<T> =>
        result => TryParse(result, isValid, message, out var value) ? value : null;

    /// <summary>A parser for an enum, ignoring case.</summary>
    public static Func<ArgumentResult, T> Enum<T>(string optionName)
        where T : struct, System.Enum =>
        result =>
        {
            var token = LastToken(result);
            if (System.Enum.TryParse<T>(token, ignoreCase: true, out var value) && System.Enum.IsDefined(value))
            {
                return value;
            }

            result.AddError($"{optionName} takes one of: {string.Join(", ", System.Enum.GetNames<T>())}.");
            return default;
        };

    /// <summary>Rejects a given string that fails <paramref name="isValid"/>.</summary>
    public static Option<string> Must(this Option<string> option, Func<string, bool> isValid, string message)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !isValid(value))
            {
                result.AddError(message);
            }
        });
        return option;
    }

    /// <summary>
    /// The value of a string or flag option in a command validator (such values always convert); the type's default
    /// when it was not given.
    /// </summary>
    public static T? ValueOrDefault<T>(this CommandResult command, Option<T> option)
        where T : class =>
        command.GetResult(option) is { Implicit: false } result ? result.GetValueOrDefault<T>() : default;

    /// <summary>Whether a flag was given, in a command validator.</summary>
    public static bool IsSet(this CommandResult command, Option<bool> flag) =>
        command.GetResult(flag) is { Implicit: false } result && result.GetValueOrDefault<bool>();

    /// <summary>
    /// The value of an enum option in a command validator, read from its token so that a value its parser rejected
    /// reads as none instead of throwing.
    /// </summary>
    public static T? EnumOrNone<T>(this CommandResult command, Option<T> option)
        where T : struct, System.Enum =>
        command.GetResult(option)?.Tokens is { Count: > 0 } tokens && System.Enum.TryParse<T>(tokens[^1].Value, ignoreCase: true, out var value)
            ? value
            : null;

    private static bool TryParse<T>(ArgumentResult result, Func<T, bool> isValid, string message, out T value)
        where T : struct, IParsable<T>
    {
        if (T.TryParse(LastToken(result), CultureInfo.InvariantCulture, out value) && isValid(value))
        {
            return true;
        }

        result.AddError(message);
        return false;
    }

    private static string LastToken(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
