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

public sealed record CapabilityDto(string Code, string NameZh, string NameEn, string Category, string Unit, IReadOnlyList<string> Related);

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
/// The capability taxonomy as data: read by everyone, changed by platform administrators and park operators.
/// Related pairs are kept symmetric. A change reloads the match index (codes are never removed, so every post
/// keeps its meaning).
/// </summary>
public sealed class CapabilityService(ParkOpsDb db, MarketIndex index, IValidator<CapabilityInput> validator, TimeProvider clock, IStringLocalizer<Text> t)
{
    public async Task<List<CapabilityDto>> ListAsync(CancellationToken ct) =>
        (await db.MarketCapabilities.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct))
            .Select(c => new CapabilityDto(c.Code, c.NameZh, c.NameEn, c.Category, c.Unit, Post.Split(c.Related))).ToList();

    public async Task<CapabilityDto> UpsertAsync(string code, CapabilityInput input, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin && db.Actor.OperatorParkIds.Length == 0) throw new ForbiddenException("OnlyOperatorsMayEditTaxonomy");
        code = (code ?? "").Trim().ToLowerInvariant();
        if (!CapabilityInputValidator.CodePattern().IsMatch(code))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("code", t["Val.CapabilityCode"])]);
        await validator.EnsureValidAsync(input, ct);
        var all = await db.MarketCapabilities.OrderBy(c => c.Id).ToListAsync(ct);
        var row = all.FirstOrDefault(c => c.Code == code);
        if (row is null)
        {
            if (all.Count >= Bits128.Capacity)
                throw new DomainRuleException("CapabilityTaxonomyIsFull", "code", $"能力最多 {Bits128.Capacity} 项") { Arguments = [Bits128.Capacity] };
            row = new MarketCapability { Code = code, NameZh = "", NameEn = "" };
            db.MarketCapabilities.Add(row);
            all.Add(row);
        }
        var related = new List<string>();
        foreach (var (r, i) in (input.Related ?? []).Select((r, i) => (r.Trim().ToLowerInvariant(), i)))
        {
            if (r == code || all.All(c => c.Code != r))
                throw new DomainRuleException("CapabilityMustBeKnown", $"related[{i}]", $"未知的能力代码“{r}”") { Arguments = [r] };
            if (!related.Contains(r)) related.Add(r);
        }
        row.NameZh = input.NameZh.Trim();
        row.NameEn = input.NameEn.Trim();
        row.Category = input.Category?.Trim() ?? "";
        row.Unit = input.Unit?.Trim() ?? "";
        row.Related = Post.Join(related);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        // keep the pairs symmetric: the others name this one exactly when it names them
        foreach (var other in all.Where(c => c != row))
        {
            var list = Post.Split(other.Related).ToList();
            var has = list.Contains(code);
            if (related.Contains(other.Code) && !has) list.Add(code);
            else if (!related.Contains(other.Code) && has) list.Remove(code);
            else continue;
            other.Related = Post.Join(list);
            other.UpdatedAt = row.UpdatedAt;
        }
        await db.SaveChangesAsync(ct);
        index.Invalidate();
        return new CapabilityDto(row.Code, row.NameZh, row.NameEn, row.Category, row.Unit, related);
    }
}
