using ParkOps.Domain.Matching;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>nDCG@k with exponential gains 2^rel − 1 and discount 1/log₂(i + 1), checked against hand computation.</summary>
public sealed class NdcgTests
{
    [Fact]
    public void AtK_IdealOrder_IsOne() => Ndcg.AtK([3, 2, 1], [1, 3, 2])!.Value.ShouldBe(1.0, 1e-12);

    [Fact]
    public void AtK_SwappedTopTwo_MatchesHandComputation()
    {
        // ranked 2,3: DCG = 3/log2(2) + 7/log2(3) = 3 + 4.41650 = 7.41650; ideal 3,2: 7 + 3/log2(3) = 8.89279
        var expected = (3 + 7 / Math.Log2(3)) / (7 + 3 / Math.Log2(3));
        Ndcg.AtK([2, 3], [3, 2])!.Value.ShouldBe(expected, 1e-12);
        expected.ShouldBe(0.83399, 1e-5);
    }

    [Fact]
    public void AtK_UnjudgedResultFirst_PushesTheRelevantOneDown()
    {
        // ranked 0,1: DCG = 1/log2(3) = 0.63093; ideal 1
        Ndcg.AtK([0, 1], [1])!.Value.ShouldBe(1 / Math.Log2(3), 1e-12);
    }

    [Fact]
    public void AtK_RelevantBeyondK_CountsNothing()
    {
        var ranked = Enumerable.Repeat(0, 10).Append(3);
        Ndcg.AtK(ranked, [3])!.Value.ShouldBe(0);
    }

    [Fact]
    public void AtK_MissedAnswers_LowerTheScoreByTheirIdealShare()
    {
        // ranked only the grade-1 answer; judged 3 and 1: DCG 1; ideal 7 + 1/log2(3)
        Ndcg.AtK([1], [3, 1])!.Value.ShouldBe(1 / (7 + 1 / Math.Log2(3)), 1e-12);
    }

    [Fact]
    public void AtK_NothingJudgedRelevant_IsUndefined() => Ndcg.AtK([1, 2], [0, 0]).ShouldBeNull();

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 1.0)]
    [InlineData(2, 3.0)]
    [InlineData(3, 7.0)]
    public void Gain_Grade_IsTwoToTheGradeMinusOne(int grade, double gain) => Ndcg.Gain(grade).ShouldBe(gain);
}
