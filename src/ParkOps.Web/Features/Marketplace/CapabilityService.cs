using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>A capability of the taxonomy; <see cref="ParkId"/> names the park of a local entry (null: shared by every park).</summary>
public sealed record CapabilityDto(string Code, string NameZh, string NameEn, string Category, string Unit, IReadOnlyList<string> Related, long? ParkId = null);

[StoredIn(typeof(MarketCapability))]
public sealed record CapabilityInput([Line] string NameZh, [Line] string NameEn, [Code] string? Category, [Line] string? Unit, [Code(40), MaxItems(20)] string[]? Related);

public sealed partial class CapabilityInputValidator : AbstractValidator<CapabilityInput>
{
    public CapabilityInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.NameZh).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.NameEn).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.Category).MaximumLength(40).WithMessage(_ => t["Val.MaxLength", 40]);
        RuleFor(x => x.Unit).MaximumLength(40).WithMessage(_ => t["Val.MaxLength", 40]);
        RuleFor(x => x.Related).Must(r => r is null || r.Length <= 20).WithMessage(_ => t["Val.Range", 0, 20]);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    public static partial Regex CodePattern();
}

/// <summary>
/// The capability taxonomy as data. The shared taxonomy is every park's: everyone reads it, only the platform admin
/// changes it. A park's operators add local entries of their park: seen in that park, used by its posts and its
/// matching, never by another park's. Related pairs of shared entries are kept symmetric on both rows; a local entry
/// keeps its pairs on its own row, so a park never writes a shared row. A change reloads the match index (codes are
/// never removed, so every post keeps its meaning).
/// </summary>
public sealed class CapabilityService(ParkOpsDb db, MarketIndex index, Platform.ParkGate gate, IValidator<CapabilityInput> validator, TimeProvider clock, IStringLocalizer<Text> t)
{
    /// <summary>Local entries one park may have: the shared index holds at most <see cref="Bits128.Capacity"/> capabilities in all.</summary>
    public const int LocalPerPark = 10;

    /// <summary>
    /// The taxonomy the caller sees: the shared entries and the local entries of the parks it sees (of
    /// <paramref name="parkId"/> only, when given). A related code is listed on both sides when the caller sees both.
    /// </summary>
    public async Task<List<CapabilityDto>> ListAsync(long? parkId, CancellationToken ct)
    {
        if (parkId is { } p) await gate.RequireSeesAsync(p, ct);
        var rows = await db.MarketCapabilities.AsNoTracking().Where(c => parkId == null || c.ParkId == null || c.ParkId == parkId).OrderBy(c => c.Id).ToListAsync(ct);
        var codes = rows.Select(c => c.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var back = rows.SelectMany(c => Post.Split(c.Related).Select(r => (From: r, To: c.Code))).ToLookup(x => x.From, x => x.To, StringComparer.OrdinalIgnoreCase);
        return rows.Select(c => new CapabilityDto(c.Code, c.NameZh, c.NameEn, c.Category, c.Unit,
            Post.Split(c.Related).Concat(back[c.Code]).Where(codes.Contains).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), c.ParkId)).ToList();
    }

    /// <summary>Adds or changes an entry of the shared taxonomy (platform admin only).</summary>
    public async Task<CapabilityDto> UpsertAsync(string code, CapabilityInput input, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsEditSharedTaxonomy");
        code = await CheckAsync(code, input, ct);
        var all = await db.MarketCapabilities.IgnoreQueryFilters().OrderBy(c => c.Id).ToListAsync(ct);
        var row = all.FirstOrDefault(c => c.Code == code);
        if (row is { ParkId: not null }) throw CodeTaken(code);
        var shared = all.Where(c => c.ParkId is null).ToList();
        row ??= Add(code, null, all);
        var related = Related(code, input, shared);
        var now = Apply(row, input, related);
        // keep the shared pairs symmetric: the others name this one exactly when it names them
        foreach (var other in shared.Where(c => c != row))
        {
            var list = Post.Split(other.Related).ToList();
            var has = list.Contains(code);
            if (related.Contains(other.Code) && !has) list.Add(code);
            else if (!related.Contains(other.Code) && has) list.Remove(code);
            else continue;
            other.Related = Post.Join(list);
            other.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        index.Invalidate();
        return new CapabilityDto(row.Code, row.NameZh, row.NameEn, row.Category, row.Unit, related);
    }

    /// <summary>
    /// Adds or changes a local entry of a park (its operators, or the platform admin). It may be related to shared
    /// entries and to the park's other local entries; the pairs stay on this row.
    /// </summary>
    public async Task<CapabilityDto> UpsertLocalAsync(long parkId, string code, CapabilityInput input, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        code = await CheckAsync(code, input, ct);
        var all = await db.MarketCapabilities.IgnoreQueryFilters().OrderBy(c => c.Id).ToListAsync(ct);
        var row = all.FirstOrDefault(c => c.Code == code);
        // a code names one capability in the whole installation (the shared match index reads them all)
        if (row is not null && row.ParkId != parkId) throw CodeTaken(code);
        if (row is null)
        {
            if (all.Count(c => c.ParkId == parkId) >= LocalPerPark)
                throw new DomainRuleException("LocalCapabilitiesPerParkAreLimited", "code", $"每个园区最多 {LocalPerPark} 项本园区能力") { Arguments = [LocalPerPark] };
            row = Add(code, parkId, all);
        }
        var related = Related(code, input, all.Where(c => c.ParkId is null || c.ParkId == parkId).ToList());
        Apply(row, input, related);
        await db.SaveChangesAsync(ct);
        index.Invalidate();
        return new CapabilityDto(row.Code, row.NameZh, row.NameEn, row.Category, row.Unit, related, parkId);
    }

    private async Task<string> CheckAsync(string code, CapabilityInput input, CancellationToken ct)
    {
        code = (code ?? "").Trim().ToLowerInvariant();
        if (!CapabilityInputValidator.CodePattern().IsMatch(code))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("code", t["Val.CapabilityCode"])]);
        await validator.EnsureValidAsync(input, ct);
        return code;
    }

    private MarketCapability Add(string code, long? parkId, List<MarketCapability> all)
    {
        if (all.Count >= Bits128.Capacity)
            throw new DomainRuleException("CapabilityTaxonomyIsFull", "code", $"能力最多 {Bits128.Capacity} 项") { Arguments = [Bits128.Capacity] };
        var row = new MarketCapability { Code = code, ParkId = parkId, NameZh = "", NameEn = "" };
        db.MarketCapabilities.Add(row);
        all.Add(row);
        return row;
    }

    /// <summary>The related codes asked for, each one of <paramref name="allowed"/> (else unknown).</summary>
    private static List<string> Related(string code, CapabilityInput input, List<MarketCapability> allowed)
    {
        var related = new List<string>();
        foreach (var (r, i) in (input.Related ?? []).Select((r, i) => ((r ?? "").Trim().ToLowerInvariant(), i)))
        {
            if (r == code || allowed.All(c => c.Code != r))
                throw new DomainRuleException("CapabilityMustBeKnown", $"related[{i}]", $"未知的能力代码“{r}”") { Arguments = [r] };
            if (!related.Contains(r)) related.Add(r);
        }
        return related;
    }

    private DateTime Apply(MarketCapability row, CapabilityInput input, List<string> related)
    {
        row.NameZh = input.NameZh.Trim();
        row.NameEn = input.NameEn.Trim();
        row.Category = input.Category?.Trim() ?? "";
        row.Unit = input.Unit?.Trim() ?? "";
        row.Related = Post.Join(related);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        return row.UpdatedAt;
    }

    private static DomainRuleException CodeTaken(string code) =>
        new("CapabilityCodeMustBeUnique", "code", $"能力代码“{code}”已被使用", RuleKind.Conflict) { Arguments = [code] };
}
