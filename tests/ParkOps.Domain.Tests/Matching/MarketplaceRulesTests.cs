using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Matching;

public sealed class MarketplaceRulesTests
{
    [Theory]
    [InlineData(PostState.Draft, PostAction.Publish, PostState.Open)]
    [InlineData(PostState.Open, PostAction.Match, PostState.Matched)]
    [InlineData(PostState.Matched, PostAction.Reopen, PostState.Open)]
    [InlineData(PostState.Open, PostAction.Close, PostState.Closed)]
    [InlineData(PostState.Open, PostAction.Expire, PostState.Expired)]
    public void PostLifecycle_AllowedStep_GoesToTheNextState(PostState from, PostAction action, PostState to) => PostRules.Next(from, action).ShouldBe(to);

    [Theory]
    [InlineData(PostState.Closed, PostAction.Publish)]
    [InlineData(PostState.Expired, PostAction.Reopen)]
    [InlineData(PostState.Draft, PostAction.Match)]
    public void PostLifecycle_IllegalStep_IsAConflict(PostState from, PostAction action) =>
        Should.Throw<DomainRuleException>(() => PostRules.Next(from, action)).Kind.ShouldBe(RuleKind.Conflict);

    [Fact]
    public void PostCheck_WindowEndingBeforeItStarts_NamesTo() =>
        Should.Throw<DomainRuleException>(() => PostRules.Check(1, new DateOnly(2026, 12, 10), new DateOnly(2026, 12, 1), null, null)).Field.ShouldBe("to");

    [Fact]
    public void PostCheck_ZeroQuantity_NamesQuantity() =>
        Should.Throw<DomainRuleException>(() => PostRules.Check(0, null, null, null, null)).Rule.ShouldBe("PostQuantityMustBePositive");

    [Fact]
    public void PostCheck_PriceRangeUpsideDown_NamesPriceMax() =>
        Should.Throw<DomainRuleException>(() => PostRules.Check(1, null, null, 5, 2)).Field.ShouldBe("priceMax");

    [Fact]
    public void Collaboration_RateByOneSide_StaysDelivered_ByBoth_Closes()
    {
        CollaborationRules.Next(CollaborationState.Delivered, CollaborationStep.Rate, bothRated: false).ShouldBe(CollaborationState.Delivered);
        CollaborationRules.Next(CollaborationState.Delivered, CollaborationStep.Rate, bothRated: true).ShouldBe(CollaborationState.Closed);
    }

    [Fact]
    public void Collaboration_DeliverBeforeAgreement_IsAConflict() =>
        Should.Throw<DomainRuleException>(() => CollaborationRules.Next(CollaborationState.Inquiry, CollaborationStep.Deliver)).Rule.ShouldBe("CollaborationStepMustBeAllowed");

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 6)]
    public void Collaboration_RatingOutsideOneToFive_IsRefused(int q, int p) =>
        Should.Throw<DomainRuleException>(() => CollaborationRules.CheckRating(q, p)).Rule.ShouldBe("RatingMustBeOneToFive");

    [Fact]
    public void Credit_NoEvidence_HasNoScore() => CreditScoring.Compute(0, 0, []).Score.ShouldBeNull();

    [Fact]
    public void Credit_RentOnly_IsTheOnTimeShare() => CreditScoring.Compute(12, 9, []).Score.ShouldBe(75);

    [Fact]
    public void Credit_RentAndRatings_AreWeightedEqually()
    {
        // rent 100; ratings (5,5) → 100 and (1,1) → 0, mean 50; 0.4·100 + 0.4·50 over 0.8 = 75
        var s = CreditScoring.Compute(10, 10, [(5, 5), (1, 1)]);
        s.Score.ShouldBe(75);
        s.Components.Single(c => c.Name == "ReportsOnTime").Value.ShouldBeNull();
    }

    [Fact]
    public void Credit_ParkWeightsRentOnly_IsTheOnTimeShareWhateverTheRatings()
    {
        // rent 9/12 = 75; ratings (5,5) → 100 weighted 0: the score is the rent part alone
        var s = CreditScoring.Compute(12, 9, [(5, 5)], weights: new CreditWeights(1, 0, 0));
        s.Score.ShouldBe(75);
        s.Components.Single(c => c.Name == "CollaborationRatings").Weight.ShouldBe(0);
    }

    [Fact]
    public void Credit_ParkWeightsHalfAndHalf_AreUsed()
    {
        // rent 100, ratings (1,1) → 0; 0.5·100 + 0.5·0 = 50 (the defaults 0.4/0.4 would give the same 50; 0.8/0.2 gives 80)
        CreditScoring.Compute(10, 10, [(1, 1)], weights: new CreditWeights(0.5, 0.5, 0)).Score.ShouldBe(50);
        CreditScoring.Compute(10, 10, [(1, 1)], weights: new CreditWeights(0.8, 0.2, 0)).Score.ShouldBe(80);
    }

    [Theory]
    [InlineData(0.5, 0.3, 0.1, "credit")]
    [InlineData(1.2, 0, 0, "credit.rent")]
    [InlineData(0.405, 0.4, 0.195, "credit.rent")]
    [InlineData(0.5, -0.1, 0.6, "credit.collaboration")]
    public void CreditWeights_NotHundredthsOrNotAddingUpToOne_AreRefusedNamingTheField(double rent, double collaboration, double reporting, string field)
    {
        var ex = Should.Throw<DomainRuleException>(() => new CreditWeights(rent, collaboration, reporting).Validate());
        ex.Field.ShouldBe(field);
    }

    [Fact]
    public void Match_TheRequestsSettings_RankWithTheParksWeightsAndThreshold()
    {
        var analyser = PostAnalyser.CreateDefault();
        using var index = new MatchIndex(analyser);
        var asOf = new DateOnly(2026, 12, 1);
        // "near" is in the asking park but covers two thirds of the need's window; "far" is in another park of the region and covers all of it
        MatchPost Offer(string id, string park, int days) => new()
        {
            Id = id, Kind = PostKind.CapacityOffer, EnterpriseId = "E" + id, ParkId = park, Region = "R", Visibility = PostVisibility.Region, Capabilities = ["smt"],
            Quantity = 100, Unit = "点/日", From = asOf, To = asOf.AddDays(days), Title = "SMT",
        };
        index.Add(Offer("near", "P1", 19), asOf);
        index.Add(Offer("far", "P2", 29), asOf);
        var need = new MatchPost { Id = "n", Kind = PostKind.CapacityNeed, EnterpriseId = "N", ParkId = "P1", Region = "R", Capabilities = ["smt"], Quantity = 100, Unit = "点/日", From = asOf, To = asOf.AddDays(29) };
        var windowOnly = new MatchWeights { CapabilityFit = 0, CapacityFit = 0, WindowOverlap = 1, PartnerCredit = 0, PastCollaboration = 0, TextSimilarity = 0, Distance = 0 };
        var distanceOnly = windowOnly with { WindowOverlap = 0, Distance = 1 };

        index.Match(need, new MatchRequest(asOf) { Settings = analyser.Settings with { Weights = windowOnly } })[0].PostId.ShouldBe("far");
        index.Match(need, new MatchRequest(asOf) { Settings = analyser.Settings with { Weights = distanceOnly } })[0].PostId.ShouldBe("near");
        // with the defaults both answer, neither perfectly (one lacks window, the other nearness); a threshold of 1 leaves both out
        index.Match(need, new MatchRequest(asOf)).Select(m => m.PostId).ShouldBe(["near", "far"], ignoreOrder: true);
        index.Match(need, new MatchRequest(asOf) { Settings = analyser.Settings with { MinScore = 1.0 } }).ShouldBeEmpty();
    }

    [Fact]
    public void ScopedMatch_ParkOnlyPostOfAnotherPark_IsNotReturned()
    {
        var analyser = PostAnalyser.CreateDefault();
        using var index = new MatchIndex(analyser);
        var asOf = new DateOnly(2026, 12, 1);
        MatchPost Offer(string id, string park, PostVisibility v) => new()
        {
            Id = id, Kind = PostKind.CapacityOffer, EnterpriseId = "E" + id, ParkId = park, Region = "R", Visibility = v, Capabilities = ["smt"],
            Quantity = 100, Unit = "点/日", From = asOf, To = asOf.AddDays(30), Title = "SMT",
        };
        index.Add(Offer("a", "P1", PostVisibility.Park), asOf);
        index.Add(Offer("b", "P2", PostVisibility.Park), asOf);
        index.Add(Offer("c", "P2", PostVisibility.Region), asOf);
        var need = new MatchPost { Id = "n", Kind = PostKind.CapacityNeed, EnterpriseId = "N", ParkId = "P1", Region = "R", Capabilities = ["smt"], Quantity = 100, Unit = "点/日", From = asOf, To = asOf.AddDays(30) };
        var scoped = index.Match(need, new MatchRequest(asOf) { Scope = new MatchScope(["P1"], ["R"]) }).Select(m => m.PostId).ToList();
        scoped.ShouldBe(["a", "c"], ignoreOrder: true);
        index.Match(need, new MatchRequest(asOf)).Select(m => m.PostId).ShouldBe(["a", "b", "c"], ignoreOrder: true);
    }
}
