using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Marketplace;

public static class MarketplaceEndpoints
{
    public static IServiceCollection AddMarketplace(this IServiceCollection services) =>
        services.AddSingleton<MarketIndex>().AddHostedService<MarketIndexWarmup>()
            .AddScoped<PostService>().AddSingleton<IValidator<PostInput>, PostInputValidator>()
            .AddScoped<CapabilityService>().AddSingleton<IValidator<CapabilityInput>, CapabilityInputValidator>()
            .AddScoped<LexiconService>().AddSingleton<IValidator<LexiconEntryInput>, LexiconEntryInputValidator>()
            .AddScoped<PostImportService>().AddScoped<CapacityBoardService>()
            .AddScoped<CollaborationService>().AddScoped<CreditService>().AddScoped<MarketSettingsService>()
            .AddScoped<Contracts.ICollaborationRecords, CollaborationRecords>().AddScoped<Contracts.IEnterpriseRanking, EnterpriseRanking>();

    public static void MapMarketplace(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Marketplace");
        api.MapGet("/parks/{parkId:long}/posts", async Task<Ok<Page<PostDto>>> (long parkId, string? kind, PostState? state, string? capability, string? scope, long? enterpriseId, string? search,
                int? page, int? pageSize, PostService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(parkId, new PostQuery(kind, state, capability, scope, enterpriseId, search, page, pageSize), ct)))
            .WithSummary("Posts of a park (scope=region adds the region-wide posts of the other parks of its region); filters kind, state, capability, enterpriseId, search. Drafts are seen only by their enterprise. Newest first (by publication).");
        api.MapPost("/parks/{parkId:long}/posts", async (long parkId, PostInput input, PostService s, CancellationToken ct) =>
        {
            var p = await s.CreateAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/posts/{p.Id}", await s.ToDtoAsync(p, ct));
        }).WithSummary("Write a post (capacity_offer, capacity_need, equipment_offer, equipment_need, subcontract_order, procurement_pool, tech_need); publish=false keeps a private draft. Matchable at once.")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/posts:import", async (long parkId, HttpRequest request, PostImportService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ImportAsync(parkId, request.Body, ct)))
            .WithSummary("Import a judged set (format parkops-marketplace-judged/1: enterprises, posts, queries with judgments) into the park, all or nothing.")
            .ProducesProblem(422).ProducesProblem(409);
        api.MapGet("/posts/{id:long}", async Task<Ok<PostDto>> (long id, PostService s, CancellationToken ct) => TypedResults.Ok(await s.ToDtoAsync(await s.GetAsync(id, ct), ct)))
            .WithSummary("A post the caller may see.");
        api.MapPut("/posts/{id:long}", async Task<Ok<PostDto>> (long id, PostInput input, PostService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ToDtoAsync(await s.UpdateAsync(id, input, ct), ct)))
            .WithSummary("Change a draft or open post (its owner or the park's operator); the index takes the change at once.").ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);
        api.MapPost("/posts/{id:long}/{action}", async Task<Ok<PostDto>> (long id, string action, PostService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ToDtoAsync(await s.ActAsync(id, action, ct), ct)))
            .WithSummary("publish | match | reopen | close; an illegal transition gives 409 PostTransitionMustBeAllowed.").ProducesProblem(409);
        api.MapGet("/posts/{id:long}/matches", async Task<Ok<List<PostMatchDto>>> (long id, int? top, PostService s, CancellationToken ct) =>
            TypedResults.Ok(await s.MatchesAsync(id, top ?? 10, ct)))
            .WithSummary("Best answers to a post within the caller's scope (a need gets offers, an offer gets needs): [{postId, score, grade, reasons, post}], best first.");
        api.MapGet("/parks/{parkId:long}/market-settings", async Task<Ok<MarketSettingsDto>> (long parkId, MarketSettingsService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(parkId, ct)))
            .WithSummary("The park's matching and credit settings (issue 15 §5): the seven match-score weights, the threshold below which an answer is not shown, the credit file's three weights, each with the defaults beside it (isDefault=true when the park has none of its own).");
        api.MapPut("/parks/{parkId:long}/market-settings", async Task<Ok<MarketSettingsDto>> (long parkId, MarketSettingsInput input, MarketSettingsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SaveAsync(parkId, input, ct)))
            .WithSummary("Set the park's matching and credit settings (its operators; audited). Each weight and the threshold 0–1 in hundredths; match weights not all 0; credit weights adding up to 1 (422 naming the field). Applies from the next match query and credit file.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(409);
        api.MapGet("/parks/{parkId:long}/capacity-board", async Task<Ok<CapacityBoard>> (long parkId, CapacityBoardService s, CancellationToken ct) => TypedResults.Ok(await s.BoardAsync(parkId, ct)))
            .WithSummary("产能余缺看板: open offers and needs of the park by capability (count, quantity in the commonest unit, balance) and this year's collaboration rate.");
        api.MapPost("/collaborations", async (InquiryInput input, CollaborationService s, CancellationToken ct) =>
        {
            var c = await s.InquireAsync(input, ct);
            return TypedResults.Created($"/api/v1/collaborations/{c.Id}", (await s.ToDtosAsync([c], ct))[0]);
        }).WithSummary("Send an inquiry from a match: postId is the caller's own post, partnerPostId the matched one (a need and an offer that answer each other).")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapGet("/collaborations", async Task<Ok<List<CollaborationDto>>> (CollaborationState? state, CollaborationService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ToDtosAsync(await s.ListAsync(state, ct), ct)))
            .WithSummary("Collaborations the caller takes part in (an enterprise) or reads (its parks' operators and government viewers; a government viewer gets detailHidden=true without amount, quantity, messages and ratings unless its region's settings allow).");
        api.MapGet("/collaborations/{id:long}", async Task<Ok<CollaborationDto>> (long id, CollaborationService s, CancellationToken ct) =>
            TypedResults.Ok((await s.ToDtosAsync([await s.GetAsync(id, ct)], ct))[0]))
            .WithSummary("One collaboration with its agreement, delivery and both sides' ratings.");
        api.MapPost("/collaborations/{id:long}/{action}", async Task<Ok<CollaborationDto>> (long id, string action, CollaborationActionInput? input, CollaborationService s, CancellationToken ct) =>
            TypedResults.Ok((await s.ToDtosAsync([await s.ActAsync(id, action, input ?? new CollaborationActionInput(), ct)], ct))[0]))
            .WithSummary("agree (amount, quantity, unit, startsOn, dueOn) | decline (reason) | deliver (deliveredOn) | rate (quality, punctuality 1–5) | dispute (reason); by the two enterprises only.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/enterprises/{id:long}/credit", async Task<Ok<CreditFileDto>> (long id, CreditService s, CancellationToken ct) => TypedResults.Ok(await s.FileAsync(id, ct)))
            .WithSummary("The credit file: score 0–100 with its breakdown (rent on time, collaboration ratings, reports on time) over the last twelve months. Confidential: a government viewer gets 403 GovernmentSeesNoEnterpriseDetail unless its region's settings allow.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/capabilities", async (long? parkId, CapabilityService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(parkId, ct)))
            .WithSummary("The capability taxonomy (codes, names, category, unit, related codes, parkId): the shared entries and the local entries of the parks the caller sees (parkId=… narrows to one park's).");
        api.MapPut("/capabilities/{code}", async Task<Ok<CapabilityDto>> (string code, CapabilityInput input, CapabilityService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpsertAsync(code, input, ct)))
            .WithSummary("Add or change an entry of the shared taxonomy (platform admin only; others get 403 OnlyPlatformAdminsEditSharedTaxonomy); the match index reloads with it.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(409);
        api.MapPut("/parks/{parkId:long}/capabilities/{code}", async Task<Ok<CapabilityDto>> (long parkId, string code, CapabilityInput input, CapabilityService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpsertLocalAsync(parkId, code, input, ct)))
            .WithSummary("Add or change a local capability of the park (its operators): seen in that park only and used by its posts and matching; related may name shared entries and the park's own. At most 10 per park; a code taken anywhere gives 409 CapabilityCodeMustBeUnique.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/matching/lexicon", async Task<Ok<LexiconDto>> (LexiconService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(ct)))
            .WithSummary("The trade lexicon's operator entries (phrase, capability, level strong|generic|hint, material, source), the number of shipped phrases, and the levels and materials an entry may name.");
        api.MapPut("/matching/lexicon/{phrase}", async Task<Ok<LexiconEntryDto>> (string phrase, LexiconEntryInput input, LexiconService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpsertAsync(phrase, input, ct)))
            .WithSummary("Add a phrase to the trade lexicon or change what it reads as (platform admin only; others get 403 OnlyPlatformAdminsEditLexicon): a synonym of a capability, or with material only in posts about that material. The match index reloads: the next query reads posts with it. Unknown capability 422 CapabilityMustBeKnown, unknown material 422 LexiconMaterialMustBeKnown.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(422);
        api.MapDelete("/matching/lexicon/{phrase}", async Task<NoContent> (string phrase, LexiconService s, CancellationToken ct) =>
        {
            await s.RemoveAsync(phrase, ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove an operator's phrase from the trade lexicon (platform admin only; 204 also when it was not there); the shipped phrases stay.").ProducesProblem(403);
    }
}
