using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>A phrase an operator added to the trade lexicon.</summary>
public sealed record LexiconEntryDto(string Phrase, string Capability, string Level, string? Material, string Source, string CreatedBy, DateTime UpdatedAt);

/// <summary>The operators' phrases, the size of the shipped lexicon, and what an entry may name (levels, materials).</summary>
public sealed record LexiconDto(int BuiltinPhrases, IReadOnlyList<string> Levels, IReadOnlyList<string> Materials, IReadOnlyList<LexiconEntryDto> Entries);

[StoredIn(typeof(MarketLexiconEntry))]
public sealed record LexiconEntryInput([Code(40)] string Capability, [Code(10)] string? Level, [Code(20)] string? Material, [Line] string? Source);

public sealed class LexiconEntryInputValidator : AbstractValidator<LexiconEntryInput>
{
    public static readonly string[] Levels = ["strong", "generic", "hint"];

    public LexiconEntryInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.Capability).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(40).WithMessage(_ => t["Val.MaxLength", 40]);
        RuleFor(x => x.Level).Must(l => l is null || Levels.Contains(l)).WithMessage(_ => t["Val.Enum"]);
        RuleFor(x => x.Material).MaximumLength(20).WithMessage(_ => t["Val.MaxLength", 20]);
        RuleFor(x => x.Source).MaximumLength(200).WithMessage(_ => t["Val.MaxLength", 200]);
    }
}

/// <summary>
/// The trade lexicon as operators edit it: phrases added to the shipped dictionary (synonyms, dialect forms, a sense
/// that holds for one material only). Everyone signed in reads it; the platform administrator changes it, as the shared
/// capability taxonomy (one match index serves every park, so a phrase is read in every park's posts). A change
/// reloads the match index: the next query reads posts with it.
/// </summary>
public sealed class LexiconService(ParkOpsDb db, MarketIndex index, IValidator<LexiconEntryInput> validator, TimeProvider clock, IStringLocalizer<Text> t)
{
    public const int MaxPhrase = 40;

    private DbSet<MarketLexiconEntry> Entries => db.Set<MarketLexiconEntry>();

    /// <summary>
    /// Saves the change and moves the market version with it (in one transaction), so every process's match index —
    /// not only this one's — reloads with the lexicon before its next query.
    /// </summary>
    private async Task SaveAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await Platform.ChangeVersions.BumpAsync(db, [Platform.ChangeTopics.Market], ct);
        await tx.CommitAsync(ct);
        index.Invalidate();
    }

    public async Task<LexiconDto> GetAsync(CancellationToken ct)
    {
        var snapshot = await index.GetAsync(db, ct);
        var rows = await Entries.AsNoTracking().OrderBy(e => e.Phrase).ToListAsync(ct);
        var shipped = CapabilityLexicon.Parse(MatchingData.Read("synonyms"), snapshot.Analyser.Taxonomy);
        return new LexiconDto(shipped.PhraseCount, LexiconEntryInputValidator.Levels, [.. snapshot.Analyser.Lexicon.MaterialNames.Order(StringComparer.Ordinal)],
            [.. rows.Select(ToDto)]);
    }

    /// <summary>Adds a phrase or changes what it reads as (platform admin only).</summary>
    public async Task<LexiconEntryDto> UpsertAsync(string phrase, LexiconEntryInput input, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsEditLexicon");
        phrase = Phrase(phrase);
        await validator.EnsureValidAsync(input, ct);
        var snapshot = await index.GetAsync(db, ct);
        var capability = input.Capability.Trim().ToLowerInvariant();
        if (!snapshot.Capabilities.ContainsKey(capability))
            throw new DomainRuleException("CapabilityMustBeKnown", "capability", $"未知的能力代码“{capability}”") { Arguments = [capability] };
        var material = string.IsNullOrWhiteSpace(input.Material) ? null : input.Material.Trim().ToLowerInvariant();
        if (material is not null && !snapshot.Analyser.Lexicon.MaterialNames.Contains(material))
            throw new DomainRuleException("LexiconMaterialMustBeKnown", "material", $"未知的材料“{material}”") { Arguments = [material] };
        var row = await Entries.FirstOrDefaultAsync(e => e.Phrase == phrase, ct);
        if (row is null) Entries.Add(row = new MarketLexiconEntry { Phrase = phrase, Capability = capability });
        row.Capability = capability;
        row.Level = input.Level ?? "strong";
        row.Material = material;
        row.Source = input.Source?.Trim() ?? "";
        row.CreatedBy = db.Actor.UserName;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await SaveAsync(ct);
        return ToDto(row);
    }

    /// <summary>
    /// Removes an operator's phrase (platform admin only); the shipped lexicon's phrases cannot be removed here. Removing a
    /// phrase that is not there changes nothing and succeeds (a repeated request ends in the same state).
    /// </summary>
    public async Task RemoveAsync(string phrase, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsEditLexicon");
        phrase = Phrase(phrase);
        var row = await Entries.FirstOrDefaultAsync(e => e.Phrase == phrase, ct);
        if (row is null) return;
        Entries.Remove(row);
        await SaveAsync(ct);
    }

    private string Phrase(string phrase)
    {
        // stored as the lexicon reads it: full-width folded, Latin lower-cased, no spaces next to Chinese
        var p = ChineseText.Normalise(phrase);
        if (p.Length is 0 or > MaxPhrase) throw new ValidationException([new FluentValidation.Results.ValidationFailure("phrase", t["Val.LexiconPhrase"])]);
        return p;
    }

    private static LexiconEntryDto ToDto(MarketLexiconEntry e) => new(e.Phrase, e.Capability, e.Level, e.Material, e.Source, e.CreatedBy, e.UpdatedAt);
}
