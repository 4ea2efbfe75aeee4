using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Input;

public sealed class TextRulesTests
{
    public static TheoryData<string, string, TextKind, int?> Cases() => new()
    {
        { "plain code", "DG-CA-01", TextKind.Code, null },
        { "code with a space", "A 101", TextKind.Code, null },
        { "code with an ideographic space (trimmed by the credit-code normaliser)", "9144\u3000", TextKind.Code, null },
        { "code with NUL", "A\u0000", TextKind.Code, 0x0000 },
        { "code with RLO", "A\u202E1", TextKind.Code, 0x202E },
        { "code with ZWSP", "A\u200B1", TextKind.Code, 0x200B },
        { "code with ZWJ", "A\u200D1", TextKind.Code, 0x200D },
        { "code with word joiner", "A\u20601", TextKind.Code, 0x2060 },
        { "code with BOM", "\uFEFFA1", TextKind.Code, 0xFEFF },
        { "code with soft hyphen", "A\u00AD1", TextKind.Code, 0x00AD },
        { "code with NBSP", "A\u00A01", TextKind.Code, 0x00A0 },
        { "code with Hangul filler", "A\u31641", TextKind.Code, 0x3164 },
        { "code with a variation selector", "A\uFE0F1", TextKind.Code, 0xFE0F },
        { "code with a tag character", "A\U000E00411", TextKind.Code, 0xE0041 },
        { "code with private use", "A\uE0001", TextKind.Code, 0xE000 },
        { "code with a tab", "A\t1", TextKind.Code, 0x0009 },
        { "Chinese name", "东莞市长安电子有限公司", TextKind.Line, null },
        { "name with emoji and ZWJ sequence", "团队👨‍👩‍👧", TextKind.Line, null },
        { "name with NUL", "甲\u0000", TextKind.Line, 0x0000 },
        { "name with a newline", "甲\n乙", TextKind.Line, 0x000A },
        { "name with RLO", "甲\u202E乙", TextKind.Line, 0x202E },
        { "name with LRI", "甲\u2066乙", TextKind.Line, 0x2066 },
        { "name with C1 NEL", "甲\u0085", TextKind.Line, 0x0085 },
        { "name with DEL", "甲\u007F", TextKind.Line, 0x007F },
        { "name with a noncharacter", "甲\uFFFF", TextKind.Line, 0xFFFF },
        { "free text over lines", "第一行\r\n第二行\t缩进", TextKind.MultiLine, null },
        { "free text with a bell", "响\u0007", TextKind.MultiLine, 0x0007 },
        { "free text with PDF (pop directional)", "a\u202Cb", TextKind.MultiLine, 0x202C },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FirstRefused_Text_NamesTheFirstCharacterTheKindRefuses(string why, string text, TextKind kind, int? refused) =>
        TextRules.FirstRefused(text, kind).ShouldBe(refused, why);

    /// <summary>Not theory data: the test runner replaces a lone surrogate in serialised data by U+FFFD.</summary>
    [Fact]
    public void FirstRefused_LoneSurrogate_IsRefusedInAnyKind()
    {
        TextRules.FirstRefused("甲\uD800", TextKind.Line).ShouldBe(0xD800);
        TextRules.FirstRefused("\uDC00甲", TextKind.MultiLine).ShouldBe(0xDC00);
        TextRules.FirstRefused("A\uD83D", TextKind.Code).ShouldBe(0xD83D);
        TextRules.FirstRefused("😀", TextKind.Line).ShouldBeNull();
    }

    [Theory]
    [InlineData("短", 100, "短")]
    [InlineData("", 100, "")]
    public void Excerpt_ShortText_IsUnchanged(string s, int max, string expected) => TextRules.Excerpt(s, max).ShouldBe(expected);

    [Fact]
    public void Excerpt_LongText_IsCutWithAnEllipsis() => TextRules.Excerpt(new string('长', 1_000_000), 100).ShouldBe(new string('长', 100) + "…");

    [Fact]
    public void Excerpt_CutInsideASurrogatePair_KeepsThePairWhole() => TextRules.Excerpt(new string('a', 99) + "😀😀", 100).ShouldBe(new string('a', 99) + "…");

    [Theory]
    [InlineData("2026-10", true)]
    [InlineData("2000-01", true)]
    [InlineData("2100-12", true)]
    [InlineData("1999-12", false)]
    [InlineData("2101-01", false)]
    [InlineData("0001-01", false)]
    [InlineData("9999-12", false)]
    [InlineData("2026-13", false)]
    [InlineData("2026-1", false)]
    [InlineData("2026-10-01", false)]
    [InlineData(null, false)]
    public void TryParseMonth_Month_IsReadOnlyWithinTheBusinessRange(string? month, bool ok) => BusinessDates.TryParseMonth(month, out _).ShouldBe(ok);
}
