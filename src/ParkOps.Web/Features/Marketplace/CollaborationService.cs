using ParkOps.Web.Features.Notifications.Contracts;
using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>An inquiry from a match: one of the two posts is the caller's own; <see cref="Message"/> opens the talk.</summary>
[StoredIn(typeof(Collaboration))]
public sealed record InquiryInput(long PostId, long PartnerPostId, [FreeText] string? Message);

/// <summary>What a step carries: the agreement's amount, quantity and dates; the delivery day; a rating; a reason.</summary>
[StoredIn(typeof(Collaboration))]
public sealed record CollaborationActionInput(decimal? Amount = null, decimal? Quantity = null, [Line] string? Unit = null, DateOnly? StartsOn = null, DateOnly? DueOn = null,
    DateOnly? DeliveredOn = null, int? Quality = null, int? Punctuality = null, [FreeText, StoredIn(typeof(Collaboration), nameof(Collaboration.DisputeReason))] string? Reason = null);

public sealed record CollaborationDto(long Id, long ParkId, CollaborationState State, long NeedPostId, string NeedPostTitle, long OfferPostId, string OfferPostTitle,
    long NeedEnterpriseId, string NeedEnterpriseName, long OfferEnterpriseId, string OfferEnterpriseName, string Message, decimal? Amount, decimal? Quantity, string? Unit,
    DateOnly? StartsOn, DateOnly? DueOn, DateOnly? DeliveredOn, int? NeedRatesQuality, int? NeedRatesPunctuality, int? OfferRatesQuality, int? OfferRatesPunctuality,
    string? DisputeReason, string? DeclineReason, string CreatedBy, DateTime CreatedAt, DateTime UpdatedAt, DateTime? AgreedAt, DateTime? ClosedAt,
    bool DetailHidden = false);



/// <summary>
/// Collaboration records (DOMAIN §5): from a match, an inquiry → agreement → delivery → both sides' ratings → closed;
/// disputes with a reason; every step leaves a message in both enterprises' inboxes. The two enterprises act for
/// themselves; their parks' operators may read but not act for them.
/// </summary>
public sealed class CollaborationService(ParkOpsDb db, PostService posts, MarketIndex index, CreditService credit, TimeProvider clock, IStringLocalizer<Text> t, INotices notices,
    Enterprises.Contracts.IEnterpriseDirectory directory)
{
    /// <summary>The most notifications one "mark read" may name.</summary>
    public const int MaxInboxIds = 1000;

    public async Task<Collaboration> InquireAsync(InquiryInput input, CancellationToken ct)
    {
        if (input.Message is { Length: > 1000 }) throw new ValidationException([new FluentValidation.Results.ValidationFailure("message", t["Val.MaxLength", 1000])]);
        var own = await posts.GetAsync(input.PostId, ct);
        if (!db.Actor.EnterpriseIds.Contains(own.EnterpriseId)) throw new ForbiddenException("OnlyPartiesMayAct");
        var other = await posts.GetAsync(input.PartnerPostId, ct);
        if (other.EnterpriseId == own.EnterpriseId) throw new DomainRuleException("CollaborationNeedsTwoEnterprises", "partnerPostId", "不能与本企业自己协作");
        if (other.State != PostState.Open) throw new DomainRuleException("PartnerPostMustBeOpen", "partnerPostId", "对方帖子不在发布中", RuleKind.Conflict) { Arguments = [other.State] };
        var settings = (await index.GetAsync(db, ct)).Analyser.Settings;
        var ownIsNeed = settings.IsNeed(own.Kind);
        if (ownIsNeed == settings.IsNeed(other.Kind) || !settings.AnsweredBy(own.Kind).Contains(other.Kind))
            throw new DomainRuleException("PostsMustAnswerEachOther", "partnerPostId", "两条帖子不能互相应答（需求对应供给）") { Arguments = [own.Kind.ToString(), other.Kind.ToString()] };
        var (need, offer) = ownIsNeed ? (own, other) : (other, own);
        var now = clock.GetUtcNow().UtcDateTime;
        var c = new Collaboration
        {
            ParkId = need.ParkId, OfferParkId = offer.ParkId, NeedPostId = need.Id, OfferPostId = offer.Id, NeedEnterpriseId = need.EnterpriseId, OfferEnterpriseId = offer.EnterpriseId,
            InquirerEnterpriseId = own.EnterpriseId, State = CollaborationState.Inquiry, Message = input.Message?.Trim() ?? "", CreatedBy = db.Actor.UserName, CreatedAt = now, UpdatedAt = now,
        };
        db.Collaborations.Add(c);
        await db.SaveChangesAsync(ct);
        Notify(c, "CollaborationInquiry", own.Title);
        await db.SaveChangesAsync(ct);
        // an inquiry changes no post and no credit: nothing for the index to reload in this process
        index.Applied(db);
        return c;
    }

    public async Task<Collaboration> GetAsync(long id, CancellationToken ct) =>
        await db.Collaborations.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Collaboration", id);

    public async Task<List<Collaboration>> ListAsync(CollaborationState? state, CancellationToken ct)
    {
        var q = db.Collaborations.AsNoTracking();
        if (state is { } s) q = q.Where(c => c.State == s);
        return await q.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Take(500).ToListAsync(ct);
    }

    /// <summary>agree | decline | deliver | rate | dispute, by one of the two enterprises.</summary>
    public async Task<Collaboration> ActAsync(long id, string action, CollaborationActionInput input, CancellationToken ct)
    {
        var step = action.ToLowerInvariant() switch
        {
            "agree" => CollaborationStep.Agree,
            "decline" => CollaborationStep.Decline,
            "deliver" => CollaborationStep.Deliver,
            "rate" => CollaborationStep.Rate,
            "dispute" => CollaborationStep.Dispute,
            _ => throw new NotFoundException("CollaborationAction", action),
        };
        var c = await GetAsync(id, ct);
        var side = db.Actor.EnterpriseIds.Contains(c.NeedEnterpriseId) ? CollaborationSide.Need
            : db.Actor.EnterpriseIds.Contains(c.OfferEnterpriseId) ? CollaborationSide.Offer
            : throw new ForbiddenException("OnlyPartiesMayAct");
        if (input.Reason is { Length: > 1000 }) throw new ValidationException([new FluentValidation.Results.ValidationFailure("reason", t["Val.MaxLength", 1000])]);
        var now = clock.GetUtcNow().UtcDateTime;
        var inquirerSide = c.InquirerEnterpriseId == c.NeedEnterpriseId ? CollaborationSide.Need : CollaborationSide.Offer;
        switch (step)
        {
            case CollaborationStep.Agree or CollaborationStep.Decline when side == inquirerSide:
                throw new DomainRuleException("OtherSideMustAnswerInquiry", "state", "询价需由对方确认或拒绝", RuleKind.Conflict);
            case CollaborationStep.Agree:
                CollaborationRules.CheckAgreement(input.Amount, input.Quantity, input.StartsOn, input.DueOn);
                (c.Amount, c.Quantity, c.Unit, c.StartsOn, c.DueOn) = (input.Amount, input.Quantity, input.Unit?.Trim(), input.StartsOn, input.DueOn);
                c.AgreedAt = now;
                break;
            case CollaborationStep.Decline:
                CollaborationRules.CheckReason(input.Reason, "reason");
                c.DeclineReason = input.Reason!.Trim();
                break;
            case CollaborationStep.Deliver when side != CollaborationSide.Offer:
                throw new DomainRuleException("OfferSideDelivers", "state", "由供给方确认交付", RuleKind.Conflict);
            case CollaborationStep.Deliver:
                c.DeliveredOn = input.DeliveredOn ?? posts.Today;
                break;
            case CollaborationStep.Rate:
                CollaborationRules.CheckRating(input.Quality, input.Punctuality);
                if (side == CollaborationSide.Need ? c.NeedRatesQuality is not null : c.OfferRatesQuality is not null)
                    throw new DomainRuleException("RateOnce", "quality", "每方只能评价一次", RuleKind.Conflict);
                if (side == CollaborationSide.Need) (c.NeedRatesQuality, c.NeedRatesPunctuality) = (input.Quality, input.Punctuality);
                else (c.OfferRatesQuality, c.OfferRatesPunctuality) = (input.Quality, input.Punctuality);
                break;
            case CollaborationStep.Dispute:
                CollaborationRules.CheckReason(input.Reason, "reason");
                c.DisputeReason = input.Reason!.Trim();
                break;
        }
        c.State = CollaborationRules.Next(c.State, step, c.NeedRatesQuality is not null && c.OfferRatesQuality is not null);
        if (c.State is CollaborationState.Closed or CollaborationState.Declined) c.ClosedAt = now;
        c.UpdatedAt = now;
        // an agreed need has found its partner: it leaves the marketplace (the offer may have capacity left)
        Post? need = null;
        if (step == CollaborationStep.Agree)
        {
            need = await db.Posts.IgnoreQueryFilters().SingleAsync(p => p.Id == c.NeedPostId, ct);
            if (need.State == PostState.Open) need.Apply(PostAction.Match, now, DateOnly.FromDateTime(now));
        }
        Notify(c, "Collaboration" + c.State, step.ToString());
        await db.SaveChangesAsync(ct);
        if (need is not null) index.Apply(need, db);
        if (step == CollaborationStep.Rate) await credit.RefreshIndexAsync([c.NeedEnterpriseId, c.OfferEnterpriseId], ct);
        else index.Applied(db);
        return c;
    }

    /// <summary>A notice to both enterprises, committed with the step that caused it.</summary>
    private void Notify(Collaboration c, string kind, string argument) =>
        notices.Send([Notice.ToEnterprise(c.ParkId, c.NeedEnterpriseId, kind, $"/collaborations/{c.Id}", argument),
            Notice.ToEnterprise(c.OfferParkId, c.OfferEnterpriseId, kind, $"/collaborations/{c.Id}", argument)]);

    public async Task<List<CollaborationDto>> ToDtosAsync(IReadOnlyList<Collaboration> list, CancellationToken ct)
    {
        var entIds = list.SelectMany(c => new[] { c.NeedEnterpriseId, c.OfferEnterpriseId }).Distinct().ToArray();
        var names = await directory.PublicNamesAsync(entIds, ct);
        var postIds = list.SelectMany(c => new[] { c.NeedPostId, c.OfferPostId }).Distinct().ToArray();
        var titles = await db.Posts.IgnoreQueryFilters().Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        return list.Select(c => SeesDeal(c)
            ? new CollaborationDto(c.Id, c.ParkId, c.State, c.NeedPostId, titles.GetValueOrDefault(c.NeedPostId, ""), c.OfferPostId, titles.GetValueOrDefault(c.OfferPostId, ""),
                c.NeedEnterpriseId, names.GetValueOrDefault(c.NeedEnterpriseId, ""), c.OfferEnterpriseId, names.GetValueOrDefault(c.OfferEnterpriseId, ""), c.Message, c.Amount, c.Quantity, c.Unit,
                c.StartsOn, c.DueOn, c.DeliveredOn, c.NeedRatesQuality, c.NeedRatesPunctuality, c.OfferRatesQuality, c.OfferRatesPunctuality, c.DisputeReason, c.DeclineReason,
                c.CreatedBy, c.CreatedAt, c.UpdatedAt, c.AgreedAt, c.ClosedAt)
            // who works with whom and how far it got, without the deal: amount, quantity, the talk, the ratings (credit detail)
            : new CollaborationDto(c.Id, c.ParkId, c.State, c.NeedPostId, titles.GetValueOrDefault(c.NeedPostId, ""), c.OfferPostId, titles.GetValueOrDefault(c.OfferPostId, ""),
                c.NeedEnterpriseId, names.GetValueOrDefault(c.NeedEnterpriseId, ""), c.OfferEnterpriseId, names.GetValueOrDefault(c.OfferEnterpriseId, ""), "", null, null, null,
                c.StartsOn, c.DueOn, c.DeliveredOn, null, null, null, null, null, null, c.CreatedBy, c.CreatedAt, c.UpdatedAt, c.AgreedAt, c.ClosedAt, DetailHidden: true)).ToList();
    }

    /// <summary>
    /// Whether the caller sees a collaboration's deal (amount, quantity, messages, ratings): the two enterprises, the
    /// operators of either park, the platform admin, and a government viewer only where its region allows it for both
    /// enterprises (DOMAIN §1: deal amounts between named firms are confidential).
    /// </summary>
    public bool SeesDeal(Collaboration c)
    {
        var a = db.Actor;
        return a.EnterpriseIds.Contains(c.NeedEnterpriseId) || a.EnterpriseIds.Contains(c.OfferEnterpriseId) || a.CanOperatePark(c.ParkId) || a.CanOperatePark(c.OfferParkId)
            || a.SeesEnterpriseDetail(c.ParkId, c.NeedEnterpriseId) && a.SeesEnterpriseDetail(c.OfferParkId, c.OfferEnterpriseId);
    }

    public static string Format(decimal? d) => d?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";
}
