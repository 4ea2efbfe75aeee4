using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>Facts of the demo park the browser tests need beyond the web tests' <see cref="Demo"/>.</summary>
public static class BrowserDemo
{
    /// <summary>An enterprise of the park still waiting for the admission decision (its page shows the decision form).</summary>
    public static Task<long> ApplicantAsync(this ParkOpsFactory f, long parkId) =>
        f.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId && e.Status == EnterpriseStatus.Applicant)
            .OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());

    public static Task<string> EnterpriseNameAsync(this ParkOpsFactory f, long id) =>
        f.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == id).Select(e => e.Name).SingleAsync());

    /// <summary>A valid credit code with a wrong check character (another character of the allowed set).</summary>
    public static string WithWrongCheckCharacter(string code)
    {
        const string allowed = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var wrong = allowed[(allowed.IndexOf(code[^1]) + 1) % allowed.Length];
        return code[..^1] + wrong;
    }
}
