<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../cmdmap/ui/app.py" line="+59"/>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
</context>
<context>
    <name>BuildingHeadDialog</name>
    <message>
        <location filename="../../cmdmap/ui/registers.py" line="+145"/>
        <source>Set building head</source>
        <translation>设置楼栋长</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New person…</source>
        <translation>新人员…</translation>
    </message>
</context>
<context>
    <name>BuildingMenu</name>
    <message>
        <location line="+129"/>
        <source>Add isolation…</source>
        <translation>添加隔离…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isolation register of this building…</source>
        <translation>本楼隔离登记…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set building head…</source>
        <translation>设置楼栋长…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Households and residents…</source>
        <translation>户数和人数…</translation>
    </message>
</context>
<context>
    <name>ChartsDock</name>
    <message>
        <location filename="../../cmdmap/ui/charts_dock.py" line="+27"/>
        <source>Charts</source>
        <translation>统计图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> per grid</source>
        <translation>（按网格）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Isolated residents per grid</source>
        <translation>隔离人数（按网格）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Isolated residents by kind, day by day</source>
        <translation>各类隔离人数（逐日）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Take today&apos;s snapshot</source>
        <translation>记录今日快照</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>No snapshot of yesterday to compare with</source>
        <translation>没有昨日快照可比较</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Since yesterday: %1</source>
        <translation>较昨日：%1</translation>
    </message>
</context>
<context>
    <name>CountsDock</name>
    <message>
        <location filename="../../cmdmap/ui/counts_dock.py" line="+179"/>
        <source>Counts by level</source>
        <translation>分级统计</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zone</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Micro-grid</source>
        <translation>微网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Count by</source>
        <translation>统计层级</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>As of</source>
        <translation>统计日期</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Warnings</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Households per grid worker, at most</source>
        <translation>每名网格员户数上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micro-grid households, at least</source>
        <translation>微网格户数下限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micro-grid households, at most</source>
        <translation>微网格户数上限</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>… and %1 more</source>
        <translation>……另有 %1 条</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grid worker %1 serves %2 households (more than %3)</source>
        <translation>网格员 %1 负责 %2 户（超过 %3 户）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Micro-grid %1 has %2 households (outside %3–%4)</source>
        <translation>微网格 %1 有 %2 户（不在 %3–%4 户之间）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Building %1 has no building head</source>
        <translation>楼栋 %1 没有楼栋长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid %1 has no grid worker</source>
        <translation>网格 %1 没有网格员</translation>
    </message>
</context>
<context>
    <name>HouseholdsDialog</name>
    <message>
        <location filename="../../cmdmap/ui/registers.py" line="-99"/>
        <source>Households and residents</source>
        <translation>户数和人数</translation>
    </message>
</context>
<context>
    <name>IsolationDialog</name>
    <message>
        <location line="-86"/>
        <source>Add isolation</source>
        <translation>添加隔离</translation>
    </message>
    <message>
        <location line="+22"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>隔离天数</translation>
    </message>
</context>
<context>
    <name>IsolationListDialog</name>
    <message>
        <location line="+89"/>
        <source>Isolation register: %1</source>
        <translation>隔离登记：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Release today</source>
        <translation>今日解除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend by 7 days</source>
        <translation>延长 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add isolation…</source>
        <translation>添加隔离…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../cmdmap/ui/window.py" line="+65"/>
        <source>demo, not saved</source>
        <translation>演示数据，未保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Untitled community</source>
        <translation>未命名社区</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Coordinate reference system: EPSG:%1</source>
        <translation>坐标系：EPSG:%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>X %1 m  Y %2 m</source>
        <translation>X %1 米  Y %2 米</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open a battle map</source>
        <translation>打开作战图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GeoPackage files (*.gpkg);;All files (*)</source>
        <translation>GeoPackage 作战图文件 (*.gpkg);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>TotalsDock</name>
    <message>
        <location filename="../../cmdmap/ui/totals.py" line="+27"/>
        <source>Community totals</source>
        <translation>社区总数</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Isolated residents</source>
        <translation>隔离人员</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Staff</source>
        <translation>工作力量</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
</context>
</TS>
