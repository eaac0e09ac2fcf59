"""The five registries of 附录 2, transcribed by hand from data/report/report.txt.

Typed independently of data/landmarks/*.tsv so that the loader test compares two readings.
"""

# One tuple per entry, in table order:
# (kind, sequence, name_zh, districts_as_printed, district_slugs, batch, designated, is_demonstration)
ENTRIES = [
    # 附表 2.1 智慧社区名录 (no batch column; "*" marks 示范社区)
    ("community", 1, "陆家嘴街道", "浦东新区", ("pudong",), None, None, True),
    ("community", 2, "南码头路街道", "浦东新区", ("pudong",), None, None, False),
    ("community", 3, "金桥镇", "浦东新区", ("pudong",), None, None, False),
    ("community", 4, "周浦镇", "浦东新区", ("pudong",), None, None, False),
    ("community", 5, "东明路街道", "浦东新区", ("pudong",), None, None, False),
    ("community", 6, "塘桥街道", "浦东新区", ("pudong",), None, None, False),
    ("community", 7, "潍坊新村街道", "浦东新区", ("pudong",), None, None, False),
    ("community", 8, "惠南镇", "浦东新区", ("pudong",), None, None, False),
    ("community", 9, "金杨新村街道", "浦东新区", ("pudong",), None, None, False),
    ("community", 10, "浦东川沙新镇", "浦东新区", ("pudong",), None, None, False),
    ("community", 11, "五里桥街道", "黄浦区", ("huangpu",), None, None, False),
    ("community", 12, "石门二路街道", "静安区", ("jingan",), None, None, True),
    ("community", 13, "曹家渡街道", "静安区", ("jingan",), None, None, False),
    ("community", 14, "彭浦新村街道", "静安区", ("jingan",), None, None, False),
    ("community", 15, "大宁路街道", "静安区", ("jingan",), None, None, False),
    ("community", 16, "临汾路街道", "静安区", ("jingan",), None, None, False),
    ("community", 17, "芷江西路街道", "静安区", ("jingan",), None, None, False),
    ("community", 18, "华泾镇", "徐汇区", ("xuhui",), None, None, False),
    ("community", 19, "虹梅路街道", "徐汇区", ("xuhui",), None, None, False),
    ("community", 20, "天平路街道", "徐汇区", ("xuhui",), None, None, False),
    ("community", 21, "徐汇湖南路街道", "徐汇区", ("xuhui",), None, None, False),
    ("community", 22, "周家桥街道", "长宁区", ("changning",), None, None, True),
    ("community", 23, "华阳路街道", "长宁区", ("changning",), None, None, False),
    ("community", 24, "江苏路街道", "长宁区", ("changning",), None, None, False),
    ("community", 25, "新华街道", "长宁区", ("changning",), None, None, False),
    ("community", 26, "虹口区广中路街道", "虹口区", ("hongkou",), None, None, False),
    ("community", 27, "新江湾城街道", "杨浦区", ("yangpu",), None, None, False),
    ("community", 28, "延吉新村街道", "杨浦区", ("yangpu",), None, None, False),
    ("community", 29, "长白新村街道", "杨浦区", ("yangpu",), None, None, False),
    ("community", 30, "友谊路街道", "宝山区", ("baoshan",), None, None, True),
    ("community", 31, "庙行镇", "宝山区", ("baoshan",), None, None, False),
    ("community", 32, "大场镇", "宝山区", ("baoshan",), None, None, False),
    ("community", 33, "曹杨街道", "普陀区", ("putuo",), None, None, False),
    ("community", 34, "菊园新区管理委员会", "嘉定区", ("jiading",), None, None, False),
    ("community", 35, "安亭镇", "嘉定区", ("jiading",), None, None, False),
    ("community", 36, "嘉定真新街道", "嘉定区", ("jiading",), None, None, False),
    ("community", 37, "夏阳街道", "青浦区", ("qingpu",), None, None, False),
    ("community", 38, "古美路街道", "闵行区", ("minhang",), None, None, True),
    ("community", 39, "七宝镇", "闵行区", ("minhang",), None, None, False),
    ("community", 40, "马桥镇", "闵行区", ("minhang",), None, None, False),
    ("community", 41, "吴泾镇", "闵行区", ("minhang",), None, None, False),
    ("community", 42, "江川路街道", "闵行区", ("minhang",), None, None, False),
    ("community", 43, "枫泾镇", "金山区", ("jinshan",), None, None, False),
    ("community", 44, "山阳镇", "金山区", ("jinshan",), None, None, False),
    ("community", 45, "岳阳街道", "松江区", ("songjiang",), None, None, False),
    ("community", 46, "泖港镇", "松江区", ("songjiang",), None, None, False),
    ("community", 47, "南桥镇人民政府 - 正阳二居", "奉贤区", ("fengxian",), None, None, False),
    ("community", 48, "南桥镇人民政府 - 江海五居", "奉贤区", ("fengxian",), None, None, False),
    ("community", 49, "南桥镇人民政府 - 银河丽湾", "奉贤区", ("fengxian",), None, None, False),
    ("community", 50, "陈家镇瀛东村", "崇明区", ("chongming",), None, None, False),

    # 附表 2.2 智慧村庄名录
    # 第一批（2014 年 12 月 3 日）: rows 1-5
    ("village", 1, "绿华镇绿港村", "崇明区", ("chongming",), 1, "2014-12-03", False),
    ("village", 2, "竖新镇仙桥村", "崇明区", ("chongming",), 1, "2014-12-03", False),
    ("village", 3, "金山卫镇八字村", "金山区", ("jinshan",), 1, "2014-12-03", False),
    ("village", 4, "七宝镇九星村", "闵行区", ("minhang",), 1, "2014-12-03", False),
    ("village", 5, "顾村镇星星村", "宝山区", ("baoshan",), 1, "2014-12-03", False),
    # 第二批（2015 年 12 月 22 日）: rows 6-14
    ("village", 6, "书院镇塘北村", "浦东新区", ("pudong",), 2, "2015-12-22", False),
    ("village", 7, "青村镇解放村", "奉贤区", ("fengxian",), 2, "2015-12-22", False),
    ("village", 8, "朱家角镇张马村", "青浦区", ("qingpu",), 2, "2015-12-22", False),
    ("village", 9, "廊下镇中华村", "金山区", ("jinshan",), 2, "2015-12-22", False),
    ("village", 10, "朱泾镇五龙村", "金山区", ("jinshan",), 2, "2015-12-22", False),
    ("village", 11, "叶榭镇同建村", "松江区", ("songjiang",), 2, "2015-12-22", False),
    ("village", 12, "马陆镇大裕村", "嘉定区", ("jiading",), 2, "2015-12-22", False),
    ("village", 13, "罗泾镇洋桥村", "宝山区", ("baoshan",), 2, "2015-12-22", False),
    ("village", 14, "三星镇育德村", "崇明区", ("chongming",), 2, "2015-12-22", False),

    # 附表 2.3 智慧园区名录
    # 第一批（2014 年 5 月）: rows 1-12
    ("park", 1, "临港集团", "浦东新区", ("pudong",), 1, "2014-05", False),
    ("park", 2, "上海浦东康桥（集团）有限公司", "浦东新区", ("pudong",), 1, "2014-05", False),
    ("park", 3, "上海国际旅游度假区", "浦东新区", ("pudong",), 1, "2014-05", False),
    ("park", 4, "上海浦东软件园股份有限公司", "浦东新区", ("pudong",), 1, "2014-05", False),
    ("park", 5, "上海世博园", "浦东新区", ("pudong",), 1, "2014-05", False),
    ("park", 6, "上海市漕河泾新兴技术开发区发展总公司", "徐汇区", ("xuhui",), 1, "2014-05", False),
    ("park", 7, "越界创意园", "徐汇区", ("xuhui",), 1, "2014-05", False),
    ("park", 8, "“800 秀”创意产业集聚区", "静安区", ("jingan",), 1, "2014-05", False),
    ("park", 9, "上海多媒体谷", "闸北区", ("jingan",), 1, "2014-05", False),
    ("park", 10, "市北高新技术服务业园区", "闸北区", ("jingan",), 1, "2014-05", False),
    ("park", 11, "松江经济技术开发区", "松江区", ("songjiang",), 1, "2014-05", False),
    ("park", 12, "虹桥商务区", "（市级）闵行区 / 长宁区 / 嘉定区 / 青浦区",
     ("minhang", "changning", "jiading", "qingpu"), 1, "2014-05", False),
    # 第二批（2014 年 10 月）: rows 13-22
    ("park", 13, "上海虹桥临空经济园区", "长宁区", ("changning",), 2, "2014-10", False),
    ("park", 14, "莘庄工业区", "闵行区", ("minhang",), 2, "2014-10", False),
    ("park", 15, "金山第二工业区", "金山区", ("jinshan",), 2, "2014-10", False),
    ("park", 16, "上海市工业综合开发区", "奉贤区", ("fengxian",), 2, "2014-10", False),
    ("park", 17, "上海宝山工业园区", "宝山区", ("baoshan",), 2, "2014-10", False),
    ("park", 18, "中国北斗产业技术科技新西虹桥基地", "青浦区", ("qingpu",), 2, "2014-10", False),
    ("park", 19, "上海财大虹口科技园", "虹口区", ("hongkou",), 2, "2014-10", False),
    ("park", 20, "复旦大学国家大学科技园", "杨浦区", ("yangpu",), 2, "2014-10", False),
    ("park", 21, "中广国际广告创意产业园", "嘉定区", ("jiading",), 2, "2014-10", False),
    ("park", 22, "宏慧盟智园", "黄浦区", ("huangpu",), 2, "2014-10", False),
    # 第三批（2016 年 9 月）: rows 23-30
    ("park", 23, "八号桥", "黄浦区", ("huangpu",), 3, "2016-09", False),
    ("park", 24, "前滩国际商务区", "浦东新区", ("pudong",), 3, "2016-09", False),
    ("park", 25, "上海金山工业区", "金山区", ("jinshan",), 3, "2016-09", False),
    ("park", 26, "上海天地软件创业园", "普陀区", ("putuo",), 3, "2016-09", False),
    ("park", 27, "华鑫科技园区", "徐汇区", ("xuhui",), 3, "2016-09", False),
    ("park", 28, "上海明珠创意产业园", "虹口区", ("hongkou",), 3, "2016-09", False),
    ("park", 29, "上海 e 通世界商务园", "青浦区", ("qingpu",), 3, "2016-09", False),
    ("park", 30, "复景国际科技中心", "宝山区", ("baoshan",), 3, "2016-09", False),

    # 附表 2.4 智慧商圈名录
    # 第一批（2015 年 5 月）: rows 1-7
    ("business_district", 1, "新虹桥商业中心", "长宁区", ("changning",), 1, "2015-05", False),
    ("business_district", 2, "中环商贸区", "普陀区", ("putuo",), 1, "2015-05", False),
    ("business_district", 3, "南京西路", "静安区", ("jingan",), 1, "2015-05", False),
    ("business_district", 4, "五角场", "杨浦区", ("yangpu",), 1, "2015-05", False),
    ("business_district", 5, "徐家汇", "徐汇区", ("xuhui",), 1, "2015-05", False),
    ("business_district", 6, "淮海中路", "黄浦区 / 徐汇区", ("huangpu", "xuhui"), 1, "2015-05", False),
    ("business_district", 7, "第一八佰伴", "浦东新区", ("pudong",), 1, "2015-05", False),
    # 第二批（2017 年 1 月）: rows 8-12 (batch cell repeated after the page break before row 10)
    ("business_district", 8, "豫园商城", "黄浦区", ("huangpu",), 2, "2017-01", False),
    ("business_district", 9, "大华虎城", "宝山区", ("baoshan",), 2, "2017-01", False),
    ("business_district", 10, "赵巷商业商务区", "青浦区", ("qingpu",), 2, "2017-01", False),
    ("business_district", 11, "金山嘴老街", "金山区", ("jinshan",), 2, "2017-01", False),
    ("business_district", 12, "上海环球港", "普陀区", ("putuo",), 2, "2017-01", False),

    # 附表 2.5 智慧新城名录 (no district or batch column; 获批时间 as designated)
    ("new_town", 1, "金山新城", "", (), None, "2015-08", False),
    ("new_town", 2, "嘉定新城", "", (), None, "2015-11", False),
    ("new_town", 3, "虹桥商务区", "", (), None, "2017-01", False),
]

# Rows counted while typing; all agree with the counts the report states.
COUNTS = {
    "community": 50,
    "village": 14,
    "park": 30,
    "business_district": 12,
    "new_town": 3,
}
