using FluentValidation;
using Microsoft.AspNetCore.Components.Forms;
using ParkOps.Domain.Rules;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Components.Shared;

/// <summary>
/// Console forms validate through the same use-case services as the API: a ValidationException or a refused
/// rule becomes messages on the form's fields (by property name), so a form shows exactly what the API would say.
/// </summary>
public static class FormErrors
{
    /// <summary>Puts the exception's messages on the fields; returns false when it is not a user error.</summary>
    public static bool Show(EditContext context, ValidationMessageStore store, Exception ex, Func<string, string> ruleText)
    {
        store.Clear();
        switch (ex)
        {
            case ValidationException v:
                foreach (var e in v.Errors) store.Add(Field(context, e.PropertyName), e.ErrorMessage);
                break;
            case DomainRuleException d:
                var text = ruleText(d.Rule);
                store.Add(Field(context, d.Field ?? ""), string.IsNullOrEmpty(text) ? d.Message : text);
                break;
            default:
                return false;
        }
        context.NotifyValidationStateChanged();
        return true;
    }

    private static FieldIdentifier Field(EditContext context, string name)
    {
        var pascal = string.IsNullOrEmpty(name) ? "" : char.ToUpperInvariant(name[0]) + name[1..];
        return context.Model.GetType().GetProperty(pascal) is not null ? new FieldIdentifier(context.Model, pascal) : new FieldIdentifier(context.Model, "");
    }
}
