#!/usr/bin/env python3
"""Builds the extra judged sets (format parkops-marketplace-judged/1) used by JudgedSetTests.

The sets are built the way shared/data/matching-sample.json is: hand-written trade wording per capability (offer
titles and need sentences, written for these sets and different from the sample's), structured fields drawn with a
fixed seed, and judgments computed by `grade` below, which applies the sample's `note` and nothing else; it does not
use the engine. Queries without capability codes carry the capability a person reads from their text (the `truth`
field of a need sentence); the file keeps only the text. Run: python3 make_sets.py (rewrites the three JSON files).
"""
import json, random, datetime as dt, os

HERE = os.path.dirname(os.path.abspath(__file__))
CAPS = json.load(open(os.path.join(HERE, "..", "..", "..", "..", "src", "ParkOps.Domain", "Matching", "Data", "capabilities.json")))
NAME = {c["code"]: c["name_zh"] for c in CAPS["capabilities"]}
UNIT = {c["code"]: c["unit"] for c in CAPS["capabilities"]}
REL = {}
for a, b in CAPS["related"]:
    REL.setdefault(a, set()).add(b); REL.setdefault(b, set()).add(a)

NOTE = ("Grades: 3 fully usable, 2 usable in part, 1 weak stand-in; unlisted posts are 0. A capacity_need or subcontract_order is "
        "answered by capacity_offer posts, an equipment_need by equipment_offer or capacity_offer posts; a post whose window ended "
        "before as_of, or the asking enterprise's own post, answers nothing. Fully usable: a capability the need asks for, windows "
        "overlapping at least half of the need's window, the required certifications held, daily capacity at least half the daily "
        "need. Less overlap or less capacity makes it usable in part; a missing certification, capacity under a fifth of the need, or "
        "only a related capability (capabilities.json 'related') makes it a weak stand-in; no overlap at all makes it no answer. "
        "Queries with empty capabilities must be understood from their Chinese text.")

ANSWERS = {"capacity_need": {"capacity_offer"}, "subcontract_order": {"capacity_offer"}, "equipment_need": {"equipment_offer", "capacity_offer"}}


def grade(q, qcaps, p, ent, as_of):
    """The note's definition. A related-capability stand-in is weak whatever its window, as the sample grades it."""
    D = dt.date.fromisoformat
    if p["kind"] not in ANSWERS[q["kind"]] or D(p["to"]) < as_of or p["enterprise"] == q["enterprise"]:
        return 0
    pc = set(p["capabilities"])
    overlap = (min(D(q["to"]), D(p["to"])) - max(D(q["from"]), D(p["from"]))).days + 1
    span = (D(q["to"]) - D(q["from"])).days + 1
    if pc & qcaps:
        if overlap <= 0:
            return 0
        held = set(ent[p["enterprise"]]["certifications"]) | set(p.get("certifications", []))
        if not set(q["certifications_required"]) <= held or p["quantity"] < q["quantity"] / 5:
            return 1
        if overlap * 2 < span or p["quantity"] * 2 < q["quantity"]:
            return 2
        return 3
    if any(REL.get(c, set()) & pc for c in qcaps):
        return 1
    return 0


def build(name, seed, as_of, parks, enterprises, certs, offers, needs, post_count, query_count, textual_share, boiler):
    rnd = random.Random(seed)
    as_of_d = dt.date.fromisoformat(as_of)
    ents = []
    for i, n in enumerate(enterprises):
        ents.append({"id": f"{name}E{i + 1:02d}", "name": n, "park": rnd.choice(parks), "credit": rnd.randint(50, 98),
                     "certifications": sorted(rnd.sample(certs, rnd.randint(0, 3)))})
    ent = {e["id"]: e for e in ents}
    caps = list(offers)
    qtys = [50, 100, 200, 500, 1000, 2000, 5000, 20000, 100000]
    posts = []
    for i in range(post_count):
        cap = caps[i % len(caps)] if i < 2 * len(caps) else rnd.choice(caps)
        kind = rnd.choices(["capacity_offer", "equipment_offer", "capacity_need", "equipment_need"], [6, 2, 1.2, 0.5])[0]
        pcaps = [cap] + ([rnd.choice(caps)] if rnd.random() < 0.25 else [])
        pcaps = list(dict.fromkeys(pcaps))
        start = as_of_d + dt.timedelta(days=rnd.randint(-45, 35))
        end = start + dt.timedelta(days=rnd.randint(10, 90))
        e = rnd.choice(ents)
        title = rnd.choice(offers[cap])
        other = rnd.choice(offers[cap])
        desc = rnd.choice(boiler).format(names="、".join(NAME[c] for c in pcaps), phrase=other)
        posts.append({"id": f"{name}P{i + 100}", "kind": kind, "enterprise": e["id"], "title": title, "description": desc,
                      "capabilities": pcaps, "quantity": rnd.choice(qtys), "unit": UNIT[cap],
                      "from": start.isoformat(), "to": end.isoformat(), "certifications": e["certifications"]})
    queries = []
    used = set()
    n = 0
    while len(queries) < query_count:
        n += 1
        cap = rnd.choice([c for c in needs if needs[c]])
        text, truth = rnd.choice(needs[cap])
        if text in used:
            continue
        kind = rnd.choice(["capacity_need", "capacity_need", "equipment_need", "subcontract_order"])
        start = as_of_d + dt.timedelta(days=rnd.randint(1, 20))
        end = start + dt.timedelta(days=rnd.randint(10, 45))
        qty = rnd.choice([50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000])
        e = rnd.choice(ents)
        req = rnd.sample(certs, 1) if rnd.random() < 0.4 else []
        textual = rnd.random() < textual_share
        base = UNIT[cap].split("/")[0]
        form = rnd.choice(["{t}，{m}月{d}日起交付，日需求约{q}{u}。", "{t}。{m}月{d}日开始，每天大约{q}{b}。", "{t}，需求从{m}月{d}日起，日用量{q}{b}左右。"])
        q = {"id": f"{name}Q{len(queries) + 1:02d}", "kind": kind, "enterprise": e["id"], "title": text,
             "description": form.format(t=text, m=start.month, d=start.day, q=qty, u=UNIT[cap], b=base),
             "capabilities": [] if textual else list(truth), "quantity": qty, "unit": UNIT[cap],
             "from": start.isoformat(), "to": end.isoformat(), "certifications_required": req}
        j = {p["id"]: g for p in posts if (g := grade(q, set(truth), p, ent, as_of_d)) > 0}
        if not j or (len(j) == 1 and rnd.random() < 0.5):
            continue
        used.add(text)
        q["judgments"] = dict(sorted(j.items()))
        queries.append(q)
    data = {"format": "parkops-marketplace-judged/1", "as_of": as_of, "note": NOTE, "enterprises": ents, "posts": posts, "queries": queries}
    path = os.path.join(HERE, f"judged-{name.lower()}.json")
    with open(path, "w") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    textual_count = sum(1 for q in queries if not q["capabilities"])
    print(f"{path}: {len(posts)} posts, {len(queries)} queries ({textual_count} text only)")


BOILER = ["{names}；{phrase}，欢迎园区企业联系。", "{phrase}。设备齐全，交期稳定，有意者请联系园区服务中心。", "{names}。{phrase}，可长期合作。"]

# ---------------------------------------------------------------- garment, textile and footwear park
build("GT", 20270315, "2027-03-15", ["P7", "P8"],
      ["绍兴柯桥恒美印染有限公司", "湖州织里小星星童装厂", "石狮市锦纶服饰有限公司", "晋江市步步鞋材有限公司", "泉州丰泽飞织科技有限公司",
       "莆田市荣升鞋业有限公司", "绍兴市华纺检测服务有限公司", "义乌市联运供应链管理有限公司", "温州市彩印包装有限公司", "海宁市经编家纺有限公司",
       "东莞市新维鞋业设计有限公司", "晋江市宝盛橡塑制品有限公司"],
      ["OEKO-TEX", "BSCI", "ISO9001", "GRS", "ISO14001"],
      {
          "dyeing": ["活性染料染色线有空档", "针织坯布染整代加工", "纱线筒子染色产能充足", "全棉面料漂染加工"],
          "textile_printing": ["数码直喷印花机空闲", "圆网印花车间接单", "烫画转印加工", "T恤胸前图案印花"],
          "garment_sewing": ["童装车缝流水线接单", "羽绒服生产线产能空余", "工装制服缝制加工", "针织服装成衣代工"],
          "shoe_sole": ["MD大底生产", "橡胶大底、RB底批量供应", "EVA发泡鞋底加工", "TPR底注塑生产线"],
          "shoe_upper": ["飞织鞋面机台空余", "鞋帮面针车加工", "休闲鞋面部车缝组"],
          "shoe_assembly": ["成鞋流水线可代工", "运动鞋成型车间接单", "套楦绷帮贴底一条龙"],
          "packaging": ["纸箱彩盒包装代工", "服装折叠入袋包装", "鞋盒包装与贴标"],
          "warehousing": ["服装仓库出租", "面辅料仓储服务", "成品鞋周转仓"],
          "logistics": ["广州专线物流每日发车", "园区短驳运输", "整车零担货运"],
          "material_testing": ["面料成分与色牢度检测", "鞋材拉力硬度测试", "原辅料有害物质检测"],
          "printing_3d": ["鞋样3D打印", "光固化手板打印"],
          "industrial_design": ["鞋款外观设计", "童装品牌产品设计"],
      },
      {
          "dyeing": [("有一批针织坯布要染色，找染厂", ["dyeing"]), ("全棉面料需要染整加工", ["dyeing"]), ("纱线要染色，求合作", ["dyeing"]),
                     ("急找漂染厂处理一批布", ["dyeing"])],
          "textile_printing": [("卫衣胸前图案要做烫画", ["textile_printing"]), ("T恤需要数码印花", ["textile_printing"]),
                               ("窗帘布找圆网印花厂", ["textile_printing"]), ("找热转印加工", ["textile_printing"])],
          "garment_sewing": [("童装订单忙不过来，找车缝加工厂", ["garment_sewing"]), ("一批工作服需要外发缝制", ["garment_sewing"]),
                             ("羽绒服订单寻求加工厂合作", ["garment_sewing"]), ("找服装厂代工衬衫", ["garment_sewing"])],
          "shoe_sole": [("找MD大底供应商", ["shoe_sole"]), ("童鞋需要橡胶底", ["shoe_sole"]), ("找厂家做EVA发泡底", ["shoe_sole"])],
          "shoe_upper": [("鞋帮面需要针车外发", ["shoe_upper"]), ("飞织鞋面找代工", ["shoe_upper"]), ("休闲鞋鞋面加工外协", ["shoe_upper"])],
          "shoe_assembly": [("运动鞋成品组装外发", ["shoe_assembly"]), ("找成型线做成鞋", ["shoe_assembly"]), ("皮鞋需要外发成型", ["shoe_assembly"])],
          "packaging": [("服装需要折叠包装入袋", ["packaging"]), ("找包装厂做彩盒", ["packaging"]), ("成品需要贴标装箱", ["packaging"])],
          "warehousing": [("换季服装需要临时仓库", ["warehousing"]), ("需要租一个库房放成品鞋", ["warehousing"])],
          "logistics": [("找专线物流发货到广州", ["logistics"]), ("每天有一车货需要配送", ["logistics"])],
          "material_testing": [("布料成分送检", ["material_testing"]), ("鞋材需要做拉力测试", ["material_testing"])],
          "printing_3d": [("鞋样需要3D打印", ["printing_3d"])],
          "industrial_design": [("新款运动鞋需要外观设计", ["industrial_design"])],
      },
      post_count=56, query_count=16, textual_share=0.5, boiler=BOILER)

# ---------------------------------------------------------------- machining and surface finishing park
build("MC", 20260901, "2026-09-01", ["P3", "P4"],
      ["宁波北仑精工机械有限公司", "台州市黄岩宏发模具厂", "昆山市华旭精密五金有限公司", "佛山市南海汇锋铝业有限公司", "东莞长安鑫达压铸有限公司",
       "苏州吴中永固热处理有限公司", "无锡市锡山亮晶表面处理有限公司", "常州市武进恒力钣金制造有限公司", "嘉兴市秀洲顺通物流有限公司",
       "温州市瓯海正泰检测技术有限公司", "余姚市科达塑业有限公司", "昆山市鼎盛焊接技术有限公司"],
      ["IATF16949", "ISO9001", "AS9100", "ISO14001", "CNAS", "ISO13485"],
      {
          "cnc": ["五轴加工中心接单", "数控车床产能空余，承接轴类件", "精密机加工车间", "车铣复合加工", "走心机小件加工"],
          "stamping": ["200吨冲床空闲", "五金冲压件生产", "连续模冲压加工", "拉伸件批量冲制"],
          "die_casting": ["铝合金压铸产线", "锌合金压铸件加工", "压铸岛（280吨）空闲"],
          "sheet_metal": ["机箱机柜钣金加工", "激光切割折弯一站式", "不锈钢钣金制作"],
          "welding": ["氩弧焊机器人焊接工作站", "钢结构件焊接", "不锈钢激光焊加工"],
          "electroplating": ["滚镀挂镀镀锌生产线", "镀镍镀铬加工", "铜件镀银"],
          "anodizing": ["铝型材阳极氧化线", "硬质氧化加工", "铝件本色及黑色氧化"],
          "powder_coating": ["静电喷粉流水线", "喷塑烤漆加工", "钢件喷涂线空档"],
          "polishing": ["不锈钢镜面抛光", "去毛刺振动研磨", "铝件拉丝打磨"],
          "heat_treatment": ["真空淬火炉空闲", "渗碳淬火热处理", "调质及高频淬火加工"],
          "mold_making": ["注塑模具设计开模", "冲压模具制作与修模", "压铸模具加工"],
          "injection_molding": ["注塑机台120-480吨接单", "精密注塑件生产", "尼龙件注塑加工"],
          "material_testing": ["金属材料成分分析", "硬度与拉伸试验", "金相检测服务"],
          "logistics": ["钢材短途运输车队", "长三角整车物流"],
      },
      {
          "cnc": [("一批法兰盘需要车削加工", ["cnc"]), ("铝合金支架要走CNC", ["cnc"]), ("找机加工厂加工轴类", ["cnc"]),
                  ("精密零件外发，需要五轴设备", ["cnc"]), ("数控车床加工螺杆", ["cnc"])],
          "stamping": [("五金支架需要冲压", ["stamping"]), ("找冲压厂打一批垫片", ["stamping"]), ("拉伸件找厂做", ["stamping"])],
          "die_casting": [("铝合金外壳找压铸厂", ["die_casting"]), ("锌合金件需要压铸", ["die_casting"])],
          "sheet_metal": [("配电箱钣金外发", ["sheet_metal"]), ("不锈钢板需要折弯切割", ["sheet_metal"])],
          "welding": [("钢架需要焊接", ["welding"]), ("不锈钢管焊接加工", ["welding"]), ("护栏焊接外包", ["welding"])],
          "electroplating": [("螺丝需要镀锌", ["electroplating"]), ("铜件镀银加工", ["electroplating"]), ("紧固件需要表面镀镍", ["electroplating"])],
          "anodizing": [("铝型材需要氧化", ["anodizing"]), ("铝件硬质阳极外发", ["anodizing"])],
          "powder_coating": [("铁件需要喷塑", ["powder_coating"]), ("机柜表面喷粉", ["powder_coating"])],
          "polishing": [("不锈钢制品需要抛光", ["polishing"]), ("铸件去毛刺打磨外发", ["polishing"])],
          "heat_treatment": [("齿轮需要淬火", ["heat_treatment"]), ("轴类零件调质处理", ["heat_treatment"]), ("弹簧需要回火", ["heat_treatment"])],
          "mold_making": [("新产品需要开模", ["mold_making"]), ("五金冲压模具制作", ["mold_making"])],
          "injection_molding": [("塑料外壳需要注塑", ["injection_molding"]), ("尼龙件注塑外发", ["injection_molding"])],
          "material_testing": [("钢材需要做成分分析", ["material_testing"]), ("零件硬度检测", ["material_testing"])],
          "logistics": [("钢材需要运输", ["logistics"])],
      },
      post_count=60, query_count=16, textual_share=0.5, boiler=BOILER)

# ---------------------------------------------------------------- electronics park
build("EL", 20270610, "2027-06-10", ["P5", "P6"],
      ["深圳市宝安鑫盛电子有限公司", "东莞市长安立讯线缆有限公司", "惠州市仲恺科锐电子有限公司", "苏州工业园区华测检测技术有限公司",
       "昆山市汇成电路板有限公司", "中山市小榄美达电器有限公司", "东莞市塘厦绕线电子厂", "深圳市龙华创新工业设计有限公司",
       "宁波市鄞州海天塑胶有限公司", "深圳市光明三防涂覆科技有限公司", "佛山市顺德包装材料有限公司", "厦门市海沧可靠性实验室有限公司"],
      ["IATF16949", "ISO9001", "ISO13485", "CNAS", "UL"],
      {
          "pcb_fab": ["多层线路板打样", "铝基板、FPC小批量生产", "四层至十二层PCB制作"],
          "smt": ["SMT贴片线三条空档", "0201贴片加工", "小批量贴片打样"],
          "dip": ["波峰焊插件线接单", "后焊及手工焊锡", "插件加工车间"],
          "pcba_test": ["PCBA功能测试（FCT/ICT）", "主板测试治具开发及测试", "板卡烧录测试"],
          "box_build": ["整机装配线空闲", "小家电成品组装", "电子产品总装代工"],
          "wire_harness": ["汽车线束加工", "端子压接与排线加工", "电源线、数据线生产"],
          "coil_winding": ["电感绕线加工", "变压器线圈绕制", "马达线圈绕线"],
          "conformal_coating": ["PCBA三防漆喷涂", "选择性涂覆加工"],
          "emc_testing": ["EMC暗室测试", "传导辐射摸底与整改", "电磁兼容检测"],
          "reliability_testing": ["高低温循环试验", "盐雾试验箱对外服务", "跌落振动试验"],
          "packaging": ["吸塑包装加工", "彩盒包装与贴标"],
          "injection_molding": ["塑胶外壳注塑", "啤机120-350吨接单"],
          "industrial_design": ["电子产品外观设计", "产品结构设计服务"],
          "printing_3d": ["SLA光固化3D打印", "尼龙3D打印手板"],
      },
      {
          "pcb_fab": [("需要打样一批四层板", ["pcb_fab"]), ("找线路板厂做铝基板", ["pcb_fab"]), ("FPC柔性板打样", ["pcb_fab"])],
          "smt": [("贴片加工外发，0603元件", ["smt"]), ("控制板需要SMT", ["smt"]), ("找贴片厂做小批量", ["smt"])],
          "dip": [("插件焊接外发", ["dip"]), ("电源板需要后焊", ["dip"]), ("找手工焊锡加工", ["dip"])],
          "pcba_test": [("控制板需要做功能测试", ["pcba_test"]), ("PCBA测试外包", ["pcba_test"])],
          "box_build": [("整机装配外发", ["box_build"]), ("小家电成品组装", ["box_build"]), ("找代工厂组装充电宝", ["box_build"])],
          "wire_harness": [("汽车线束加工外发", ["wire_harness"]), ("端子压接加工", ["wire_harness"]), ("找厂家做排线", ["wire_harness"])],
          "coil_winding": [("电感需要绕线", ["coil_winding"]), ("变压器线圈外发绕制", ["coil_winding"])],
          "conformal_coating": [("PCBA需要刷三防漆", ["conformal_coating"]), ("线路板涂覆防护", ["conformal_coating"])],
          "emc_testing": [("产品EMC测试", ["emc_testing"]), ("电源适配器需要做传导辐射", ["emc_testing"]), ("找电磁兼容实验室摸底", ["emc_testing"])],
          "reliability_testing": [("产品做高低温循环", ["reliability_testing"]), ("需要做盐雾试验", ["reliability_testing"]), ("整机老化测试", ["reliability_testing"])],
          "packaging": [("成品需要包装", ["packaging"]), ("找吸塑包装", ["packaging"])],
          "injection_molding": [("塑胶外壳注塑", ["injection_molding"])],
          "industrial_design": [("新品外观设计", ["industrial_design"])],
          "printing_3d": [("手板需要3D打印", ["printing_3d"])],
      },
      post_count=60, query_count=16, textual_share=0.5, boiler=BOILER)

# ---------------------------------------------------------------- household appliances and hardware park (written after the
# dictionary was frozen, and evaluated once before any change: the held-out check reported by the matching work)
build("HX", 20270120, "2027-01-20", ["P9", "P10"],
      ["慈溪市周巷精诚电器有限公司", "余姚市泗门恒达塑料制品厂", "永康市古山鑫源五金制品有限公司", "中山市东凤美居小家电有限公司",
       "宁波市北仑明辉模具有限公司", "慈溪市观海卫顺发电镀有限公司", "永康市芝英盛达喷涂厂", "义乌市佛堂快运物流有限公司",
       "台州市路桥华通包装有限公司", "宁波市江北质检技术服务有限公司", "慈溪市新浦绕线电机厂", "永康市西城钣金焊接加工厂"],
      ["ISO9001", "CCC", "ISO14001", "CNAS", "UL"],
      {
          "injection_molding": ["海天注塑机多台空闲", "ABS/PP塑件注塑加工", "家电外壳注塑"],
          "blow_molding": ["PE桶吹塑生产", "洗衣液瓶吹瓶加工", "中空吹塑件代工"],
          "mold_making": ["家电模具开发制造", "五金模修模服务", "塑料模具设计加工"],
          "box_build": ["小家电整机装配线", "电器成品组装车间空档"],
          "wire_harness": ["电源插头线加工", "内部连接线束生产", "端子压接加工"],
          "stamping": ["冲床车间承接五金冲压", "硅钢片冲片加工", "铁片冲压成型"],
          "electroplating": ["五金件电镀加工", "镀彩锌镀镍生产线", "镀铬加工"],
          "powder_coating": ["静电喷涂线", "家电外壳喷油喷漆", "铁件喷塑"],
          "polishing": ["不锈钢锅具抛光", "压铸件打磨去毛刺"],
          "packaging": ["小家电彩盒包装", "打包发货服务"],
          "warehousing": ["园区仓库对外出租", "成品仓储托管"],
          "logistics": ["义乌专线物流", "同城货运配送"],
          "printing_3d": ["3D打印样品外壳", "手板打样（3D打印）"],
          "industrial_design": ["小家电外观与结构设计"],
          "reliability_testing": ["寿命与高低温测试", "跌落振动试验"],
          "emc_testing": ["家电EMC测试与整改"],
          "material_testing": ["塑料原料检测", "金属材质分析"],
          "coil_winding": ["电机线圈绕制", "绕线加工车间"],
          "sheet_metal": ["钣金外壳加工", "折弯激光切割"],
          "welding": ["铁架焊接加工", "氩弧焊接"],
      },
      {
          "injection_molding": [("找注塑厂啤一批外壳", ["injection_molding"]), ("ABS外壳找人注塑", ["injection_molding"]), ("塑料件找厂代工生产", ["injection_molding"])],
          "blow_molding": [("洗衣液瓶子需要吹瓶", ["blow_molding"]), ("找厂家吹PE桶", ["blow_molding"]), ("中空件吹塑外协", ["blow_molding"])],
          "mold_making": [("新品要开一套模", ["mold_making"]), ("模具坏了需要修", ["mold_making"]), ("找模具师傅做一套五金模", ["mold_making"])],
          "box_build": [("电风扇整机组装外发", ["box_build"]), ("小家电装配线代工", ["box_build"])],
          "wire_harness": [("电源插头线加工", ["wire_harness"]), ("找厂家压端子", ["wire_harness"]), ("内部连接线束外发", ["wire_harness"])],
          "stamping": [("铁片冲压", ["stamping"]), ("找冲床厂冲一批五金件", ["stamping"]), ("电机硅钢片冲片", ["stamping"])],
          "electroplating": [("五金件电镀外发", ["electroplating"]), ("螺母镀彩锌", ["electroplating"]), ("需要镀铬的厂", ["electroplating"])],
          "powder_coating": [("铁架子喷漆", ["powder_coating"]), ("找喷涂厂", ["powder_coating"]), ("电器外壳喷油", ["powder_coating"])],
          "polishing": [("不锈钢锅抛光", ["polishing"]), ("压铸件打磨去披锋", ["polishing"])],
          "packaging": [("小家电彩盒包装外发", ["packaging"]), ("找人打包发货", ["packaging"])],
          "warehousing": [("需要一个仓库放货", ["warehousing"]), ("年底货多需要外租仓库", ["warehousing"])],
          "logistics": [("找车拉货到义乌", ["logistics"]), ("找快递合作", ["logistics"])],
          "printing_3d": [("打印一个样品外壳", ["printing_3d"]), ("做个3D打印样", ["printing_3d"])],
          "industrial_design": [("新款电水壶需要外观设计", ["industrial_design"]), ("找设计公司做产品结构", ["industrial_design"])],
          "reliability_testing": [("电器做寿命测试", ["reliability_testing"]), ("做个高低温测试", ["reliability_testing"]), ("产品跌落测试", ["reliability_testing"])],
          "emc_testing": [("电器需要做EMC", ["emc_testing"]), ("辐射超标找实验室整改", ["emc_testing"])],
          "material_testing": [("塑料原料要检测", ["material_testing"]), ("不锈钢材质分析", ["material_testing"])],
          "coil_winding": [("电机线圈绕制外发", ["coil_winding"]), ("找绕线厂", ["coil_winding"])],
          "sheet_metal": [("铁皮外壳钣金加工", ["sheet_metal"]), ("钣金件外发折弯", ["sheet_metal"])],
          "welding": [("铁架焊接", ["welding"]), ("找电焊工", ["welding"])],
      },
      post_count=64, query_count=20, textual_share=0.6, boiler=BOILER)
