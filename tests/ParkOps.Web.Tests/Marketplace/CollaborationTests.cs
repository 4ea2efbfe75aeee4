using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Marketplace;

/// <summary>Collaboration records from a match to both sides' ratings, the inbox, and the credit file they feed.</summary>
[Collection(DemoCollection.Name)]
public sealed class CollaborationTests(ParkOpsFactory app)
{
    /// <summary>tenant2 needs, tenant offers; tenant2 inquires from the match.</summary>
    private async Task<(HttpClient Needer, HttpClient Offerer, long Need, long Offer, long Collaboration)> InquiryAsync(string capability)
    {
        var park = await app.ParkIdAsync();
        var needer = await app.LoginAsync("tenant2");
        var offerer = await app.LoginAsync("tenant");
        var need = (await needer.CreatePostAsync(park, MarketplaceApi.Body("capacity_need", [capability], 200))).GetProperty("id").GetInt64();
        var offer = (await offerer.CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", [capability], 400))).GetProperty("id").GetInt64();
        (await needer.MatchIdsAsync(need, 50)).ShouldContain(offer);
        var res = await needer.PostAsJsonAsync("/api/v1/collaborations", new { postId = need, partnerPostId = offer, message = "请报价" }, Demo.Json);
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return (needer, offerer, need, offer, (await res.JsonAsync()).GetProperty("id").GetInt64());
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient c, long id, string action, object? body = null) =>
        c.PostAsJsonAsync($"/api/v1/collaborations/{id}/{action}", body ?? new { }, Demo.Json);

    [Fact]
    public async Task Collaboration_FromInquiryToBothRatings_ClosesNotifiesBothAndFeedsCredit()
    {
        var (needer, offerer, need, _, id) = await InquiryAsync("pcba_test");
        // the inquirer cannot agree to its own inquiry
        await (await ActAsync(needer, id, "agree", new { amount = 5000, quantity = 2000, unit = "块", startsOn = MarketplaceApi.Today, dueOn = MarketplaceApi.Today.AddDays(10) }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "OtherSideMustAnswerInquiry");
        var agreed = await (await ActAsync(offerer, id, "agree", new { amount = 5000, quantity = 2000, unit = "块", startsOn = MarketplaceApi.Today, dueOn = MarketplaceApi.Today.AddDays(10) })).JsonAsync();
        agreed.Str("state").ShouldBe("Agreed");
        // the need found its partner: matched, and no longer in the marketplace
        (await (await needer.GetAsync($"/api/v1/posts/{need}")).JsonAsync()).Str("state").ShouldBe("Matched");
        await (await ActAsync(needer, id, "deliver")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "OfferSideDelivers");
        (await (await ActAsync(offerer, id, "deliver")).JsonAsync()).Str("state").ShouldBe("Delivered");
        await (await ActAsync(needer, id, "rate", new { quality = 6, punctuality = 5 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "RatingMustBeOneToFive", "quality");
        (await (await ActAsync(needer, id, "rate", new { quality = 5, punctuality = 4 })).JsonAsync()).Str("state").ShouldBe("Delivered");
        await (await ActAsync(needer, id, "rate", new { quality = 5, punctuality = 4 })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "RateOnce");
        var closed = await (await ActAsync(offerer, id, "rate", new { quality = 4, punctuality = 5 })).JsonAsync();
        closed.Str("state").ShouldBe("Closed");

        foreach (var client in new[] { needer, offerer })
        {
            var inbox = (await (await client.GetAsync("/api/v1/notifications?unread=true")).JsonAsync()).GetProperty("items").EnumerateArray().Where(n => n.Str("link") == $"/collaborations/{id}").ToList();
            inbox.Select(n => n.Str("kind")).ShouldContain("CollaborationInquiry");
            inbox.Select(n => n.Str("kind")).ShouldContain("CollaborationClosed");
        }
        var offererId = await app.EnterpriseOfAsync("tenant");
        var credit = await (await offerer.GetAsync($"/api/v1/enterprises/{offererId}/credit")).JsonAsync();
        var ratings = credit.GetProperty("components").EnumerateArray().Single(c => c.Str("name") == "CollaborationRatings");
        ratings.GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Number);
        credit.GetProperty("score").GetInt32().ShouldBeInRange(0, 100);
    }

    [Fact]
    public async Task Collaboration_Dispute_NeedsAReason()
    {
        var (needer, offerer, _, _, id) = await InquiryAsync("emc_testing");
        (await ActAsync(offerer, id, "agree", new { amount = 800, quantity = 8, unit = "小时", startsOn = MarketplaceApi.Today, dueOn = MarketplaceApi.Today.AddDays(3) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await ActAsync(needer, id, "dispute", new { reason = " " })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReasonIsRequired", "reason");
        var disputed = await (await ActAsync(needer, id, "dispute", new { reason = "报告与样品不符" })).JsonAsync();
        disputed.Str("state").ShouldBe("Disputed");
        disputed.Str("disputeReason").ShouldBe("报告与样品不符");
    }

    [Fact]
    public async Task Collaboration_AgreementWithoutAmount_Gets422AndStaysAnInquiry()
    {
        var (_, offerer, _, _, id) = await InquiryAsync("anodizing");
        await (await ActAsync(offerer, id, "agree", new { quantity = 10, startsOn = MarketplaceApi.Today, dueOn = MarketplaceApi.Today.AddDays(3) }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "AgreementAmountMustBePositive", "amount");
        (await app.WithDbAsync(db => db.Collaborations.SingleAsync(c => c.Id == id))).State.ShouldBe(CollaborationState.Inquiry);
    }

    [Fact]
    public async Task Collaboration_ThirdEnterprise_CannotSeeOrActOnIt()
    {
        var (_, _, _, _, id) = await InquiryAsync("powder_coating");
        var third = await app.LoginAsEnterpriseAsync(await app.SomeEnterpriseAsync(await app.ParkIdAsync(), await app.EnterpriseOfAsync("tenant")));
        (await third.GetAsync($"/api/v1/collaborations/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ActAsync(third, id, "dispute", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // the park's operator reads it but does not act for the enterprises
        var op = await app.LoginAsync("operator");
        (await op.GetAsync($"/api/v1/collaborations/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await ActAsync(op, id, "decline", new { reason = "x" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyPartiesMayAct");
    }

    [Fact]
    public async Task Inquiry_TwoOffers_Gets422PostsMustAnswerEachOther()
    {
        var park = await app.ParkIdAsync();
        var a = await app.LoginAsync("tenant");
        var own = (await a.CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", ["polishing"], 10))).GetProperty("id").GetInt64();
        var other = (await (await app.LoginAsync("tenant2")).CreatePostAsync(park, MarketplaceApi.Body("capacity_offer", ["polishing"], 10))).GetProperty("id").GetInt64();
        await (await a.PostAsJsonAsync("/api/v1/collaborations", new { postId = own, partnerPostId = other }, Demo.Json))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "PostsMustAnswerEachOther", "partnerPostId");
    }

    [Fact]
    public async Task CapacityBoard_DemoPark_HasRowsAndACollaborationRateFromTheDemoYear()
    {
        var board = await (await (await app.LoginAsync("operator")).GetAsync($"/api/v1/parks/{await app.ParkIdAsync()}/capacity-board")).JsonAsync();
        board.GetProperty("rows").GetArrayLength().ShouldBeGreaterThan(3);
        board.GetProperty("collaborating").GetInt32().ShouldBeGreaterThan(0);
        board.GetProperty("collaborationRate").GetDecimal().ShouldBe(Math.Round(board.GetProperty("collaborating").GetDecimal() / board.GetProperty("enterprises").GetInt32(), 4));
    }
}
