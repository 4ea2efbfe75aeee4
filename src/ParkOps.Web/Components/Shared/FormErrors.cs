using FluentValidation;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Components.Shared;

/// <summary>
/// Console forms validate through the same use-case services as the API: a ValidationException or a refused
/// rule becomes messages on the form's fields (by property name), so a form shows exactly what the API would say.
/// </summary>
public static class FormErrors
{
    /// <summary>A refused rule in the user's language, with its arguments; the rule's own message when no text exists.</summary>
    public static string RuleText(IStringLocalizer t, DomainRuleException d) => RuleTexts.Of(t, d);

    /// <summary>One line for a page's alert: the bad fields (named in the user's language) or the refused rule; null for other exceptions.</summary>
    public static string? Describe(IStringLocalizer t, Exception ex) => ex switch
    {
        ValidationException v => string.Join("; ", v.Errors.Select(e => t["Field." + Pascal(e.PropertyName)] is { ResourceNotFound: false } f ? $"{f.Value}: {e.ErrorMessage}" : e.ErrorMessage)),
        DomainRuleException d => RuleText(t, d),
        _ => null,
    };

    public static bool IsUserError(Exception ex) => ex is ValidationException or DomainRuleException;

    /// <summary>Puts the exception's messages on the fields; returns false when it is not a user error.</summary>
    public static bool Show(EditContext context, ValidationMessageStore store, Exception ex, IStringLocalizer t) =>
        Show(context, store, ex, d => RuleText(t, d));

    private static bool Show(EditContext context, ValidationMessageStore store, Exception ex, Func<DomainRuleException, string> ruleText)
    {
        store.Clear();
        switch (ex)
        {
            case ValidationException v:
                foreach (var e in v.Errors) store.Add(Field(context, e.PropertyName), e.ErrorMessage);
                break;
            case DomainRuleException d:
                store.Add(Field(context, d.Field ?? ""), ruleText(d));
                break;
            default:
                return false;
        }
        context.NotifyValidationStateChanged();
        return true;
    }

    private static string Pascal(string name) => string.IsNullOrEmpty(name) ? name : char.ToUpperInvariant(name[0]) + name[1..];

    private static FieldIdentifier Field(EditContext context, string name)
    {
        // "negativeList[3]" lands on the list's field: the message itself names the item
        var bracket = name.IndexOf('[');
        var pascal = Pascal(bracket > 0 ? name[..bracket] : name);
        return context.Model.GetType().GetProperty(pascal) is not null ? new FieldIdentifier(context.Model, pascal) : new FieldIdentifier(context.Model, "");
    }
}
